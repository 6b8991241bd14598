package zhijian.ticket;

/** The machine's answer to a request to change a ticket: done, or refused with a reason people can read. */
public sealed interface Verdict {
    record Done(Change change) implements Verdict {}

    record Refused(String reason) implements Verdict {}

    static Verdict done(Change c) { return new Done(c); }

    static Verdict refused(String reason) { return new Refused(reason); }
}
