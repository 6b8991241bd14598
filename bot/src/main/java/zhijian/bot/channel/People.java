package zhijian.bot.channel;

import zhijian.bot.store.MatrixStore;
import zhijian.matrix.Address;
import zhijian.matrix.Matrix;
import zhijian.matrix.Member;

import java.util.Optional;

/**
 * Who wrote, as the gateway knows them: a roster member at that address, a contact met before, or someone new.
 * An unverified address (the bridge: a nickname) never matches the roster — anyone can take a staff member's or a
 * neighbour's nickname.
 */
public final class People {
    private People() {}

    public record Who(String id, String name) {}

    public static Who who(Matrix matrix, MatrixStore store, Address address, String shownName) {
        Optional<Member> roster = address.verified() ? matrix.memberAt(address) : Optional.empty();
        if (roster.isPresent()) return new Who(roster.get().id(), roster.get().name());
        String id = address.personId();
        Optional<Member> contact = store.contact(id);
        String name = contact.map(Member::name).orElse(shownName == null || shownName.isBlank() ? address.ref() : shownName);
        return new Who(id, name);
    }
}
