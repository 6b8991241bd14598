package zhijian.faq;

import zhijian.intent.Term;

import java.util.List;

/**
 * One answer from {@code seeds/faq.yaml}. It matches when every one of its {@code match} terms matches;
 * among matching entries the one with the most matched words wins (the most specific answer).
 */
public record FaqEntry(String id, String title, List<Term> match, List<Term> boost, String answer) {
}
