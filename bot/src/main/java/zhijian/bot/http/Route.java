package zhijian.bot.http;

/** One endpoint. Routes may block (Redis, outside APIs): the server runs them off the event loop. */
@FunctionalInterface
public interface Route {
    Reply handle(Request request) throws Exception;
}
