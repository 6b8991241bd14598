package zhijian.appointment;

import zhijian.intent.Term;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The station's windows, what each does, and the slots residents can book ({@code seeds/appointments.yaml}).
 */
public record AppointmentPlan(List<Window> windows, List<Service> services, Set<DayOfWeek> days,
                              List<LocalTime> slots, int capacity, Duration remindBefore, int bookAheadDays) {
    public AppointmentPlan {
        windows = List.copyOf(windows);
        services = List.copyOf(services);
        days = Set.copyOf(days);
        slots = List.copyOf(slots);
    }

    public record Window(String id, String name, String place) {}

    /** A kind of business a resident can book, at one window, recognised by its terms. */
    public record Service(String id, String name, String window, List<Term> terms, String bring) {}

    public Optional<Service> service(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Window> window(String id) {
        return windows.stream().filter(w -> w.id().equals(id)).findFirst();
    }
}
