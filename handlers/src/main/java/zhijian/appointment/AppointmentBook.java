package zhijian.appointment;

import zhijian.intent.TextNormalizer;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which service a resident wants, which slots fit, and which is free. Pure: slot counts come in as values. */
public final class AppointmentBook {
    private final AppointmentPlan plan;

    public AppointmentBook(AppointmentPlan plan) {
        this.plan = plan;
    }

    public AppointmentPlan plan() { return plan; }

    /** The service the words name, or empty when they name none. */
    public Optional<AppointmentPlan.Service> service(String raw) {
        String text = TextNormalizer.normalize(raw);
        for (AppointmentPlan.Service s : plan.services()) {
            if (s.terms().stream().anyMatch(t -> t.match(text) != null)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /**
     * The slots that fit the request, earliest first: on the asked day, or over the booking horizon when no day
     * was asked; never in the past.
     */
    public List<Slot> candidates(AppointmentPlan.Service service, When when, LocalDateTime now) {
        List<Slot> out = new ArrayList<>();
        LocalDate today = now.toLocalDate();
        List<LocalDate> days = new ArrayList<>();
        if (when.date() != null) {
            days.add(when.date());
        } else {
            for (int i = 0; i <= plan.bookAheadDays(); i++) days.add(today.plusDays(i));
        }
        for (LocalDate d : days) {
            if (!plan.days().contains(d.getDayOfWeek())) continue;
            if (d.isBefore(today) || d.isAfter(today.plusDays(plan.bookAheadDays()))) continue;
            for (LocalTime t : plan.slots()) {
                if (!when.matches(t)) continue;
                if (!LocalDateTime.of(d, t).isAfter(now)) continue;
                out.add(new Slot(service.window(), d, t));
            }
        }
        return out;
    }

    /** What to offer when the asked slots are full: the rest of the asked day first, then the whole horizon. */
    public List<Slot> alternatives(AppointmentPlan.Service service, When when, LocalDateTime now) {
        java.util.LinkedHashSet<Slot> out = new java.util.LinkedHashSet<>();
        if (when.date() != null) out.addAll(candidates(service, new When(when.date(), When.Period.ANY, null), now));
        out.addAll(candidates(service, When.ANYTIME, now));
        return List.copyOf(out);
    }

    /** The first candidate with room, given how many are booked in each. */
    public Optional<Slot> firstFree(List<Slot> candidates, Map<String, Integer> booked) {
        return candidates.stream().filter(s -> booked.getOrDefault(s.key(), 0) < plan.capacity()).findFirst();
    }

    /** Why a request fits no slot at all, in words for the resident; null when it does fit some. */
    public String whyNone(When when, LocalDateTime now) {
        LocalDate today = now.toLocalDate();
        if (when.date() != null) {
            if (when.date().isBefore(today)) return "这个日期已经过去了";
            if (when.date().isAfter(today.plusDays(plan.bookAheadDays()))) {
                return "只能预约 " + plan.bookAheadDays() + " 天以内的时间";
            }
            if (!plan.days().contains(when.date().getDayOfWeek())) return "那天窗口不办公";
        }
        if (when.time() != null && plan.slots().stream().noneMatch(when::matches)) return "没有这个时段";
        return null;
    }
}
