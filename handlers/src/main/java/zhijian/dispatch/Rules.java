package zhijian.dispatch;

import zhijian.appointment.AppointmentBook;
import zhijian.broadcast.BroadcastPolicy;
import zhijian.catalog.Catalog;
import zhijian.faq.Faq;
import zhijian.fraud.FraudRules;
import zhijian.intent.IntentClassifier;
import zhijian.routing.RouteTable;

/** The station's rules from {@code seeds/}: what it offers, where requests go, what it answers, how it reads, how it publishes. */
public record Rules(Catalog catalog, RouteTable routes, Faq faq, IntentClassifier classifier,
                    AppointmentBook appointments, BroadcastPolicy broadcasts, FraudRules fraud) {
}
