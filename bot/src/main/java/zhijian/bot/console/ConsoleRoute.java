package zhijian.bot.console;

import zhijian.bot.http.Reply;
import zhijian.bot.http.Request;
import zhijian.console.Access;

/**
 * An endpoint of the staff console: it runs only for a logged-in person of staff (and, for changes, only with the
 * session's CSRF token), and is handed what that person may see and do.
 */
@FunctionalInterface
public interface ConsoleRoute {
    Reply handle(Request request, Access who) throws Exception;
}
