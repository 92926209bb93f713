/*
 * pos-sqlite — what the till asks: the checkout screen of a scanned card,
 * using a benefit (recorded in the engine and in the redemptions table in
 * one transaction), a member's tier, every member's tier, the KPIs.
 * SPDX-License-Identifier: MIT
 *
 * Every answer first takes the rows added since the last one, so that the
 * sale just rung up counts (a customer whose purchase lifts them to gold
 * gets gold's benefits at once).
 */
#include <string.h>

#include "pos.h"

/* ------------------------------------------------------------------ */
/* Output pieces                                                        */
/* ------------------------------------------------------------------ */

void out_json_string(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			fputc('\\', f);
			fputc(ch, f);
		} else if (ch < 0x20) {
			fputs("\\u00", f);
			fputc(hex[ch >> 4], f);
			fputc(hex[ch & 15], f);
		} else {
			fputc(ch, f);
		}
	}
	fputc('"', f);
}

void out_date(FILE *f, int32_t date)
{
	char buf[VIPCARE_DATE_BUFSIZE];

	if (date != VIPCARE_DATE_NONE && vipcare_date_format(buf, sizeof(buf), date) == VIPCARE_OK)
		fputs(buf, f);
}

void out_json_date(FILE *f, int32_t date)
{
	if (date == VIPCARE_DATE_NONE) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	out_date(f, date);
	fputc('"', f);
}

void out_money(FILE *f, int64_t amount)
{
	char buf[VIPCARE_MONEY_BUFSIZE];

	vipcare_money_format(buf, sizeof(buf), amount);
	fputs(buf, f);
}

void out_csv_field(FILE *f, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f); /* RFC 4180 */
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void out_timestamp(FILE *f, int64_t ts)
{
	char buf[VIPCARE_TIMESTAMP_BUFSIZE];

	vipcare_timestamp_format(buf, sizeof(buf), ts);
	fputs(buf, f);
}

/* ------------------------------------------------------------------ */
/* follow                                                               */
/* ------------------------------------------------------------------ */

int till_follow(struct pos *p, FILE *out, enum pos_format format)
{
	struct pos_counts c;
	int rc = pos_follow(p, &c);

	if (rc != POS_DONE)
		return rc;
	if (format == FORMAT_JSON) {
		fprintf(out,
			"{\"members\": %lld, \"orders\": %lld, \"refunds\": %lld, \"redemptions\": %lld,"
			" \"anonymous\": %lld, \"rejected\": %lld, \"ms\": %.3f, \"checkpoint\":"
			" {\"members\": %lld, \"orders\": %lld, \"refunds\": %lld, \"redemptions\": %lld}}\n",
			(long long)c.members, (long long)c.orders, (long long)c.refunds,
			(long long)c.redemptions, (long long)c.anonymous, (long long)c.rejected, c.ms,
			(long long)p->at.members, (long long)p->at.orders, (long long)p->at.refunds,
			(long long)p->at.redemptions);
	} else {
		fprintf(out,
			"followed: members +%lld, orders +%lld, refunds +%lld, redemptions +%lld"
			" (no card %lld, refused %lld) in %.1f ms; checkpoint: member %lld, order %lld,"
			" refund %lld, redemption %lld\n",
			(long long)c.members, (long long)c.orders, (long long)c.refunds,
			(long long)c.redemptions, (long long)c.anonymous, (long long)c.rejected, c.ms,
			(long long)p->at.members, (long long)p->at.orders, (long long)p->at.refunds,
			(long long)p->at.redemptions);
	}
	return POS_DONE;
}

/* ------------------------------------------------------------------ */
/* checkout                                                             */
/* ------------------------------------------------------------------ */

/* The decisions of a checkout list as `vipcare benefits --format json`. */
static void checkout_json(FILE *f, const struct vipcare_checkout *c)
{
	size_t i, n = vipcare_checkout_count(c);

	fputs("{\"customer\": ", f);
	out_json_string(f, vipcare_checkout_customer(c));
	fputs(", \"at\": \"", f);
	out_timestamp(f, vipcare_checkout_at(c));
	fputs("\", \"tier\": ", f);
	out_json_string(f, vipcare_checkout_tier_name(c));
	fputs(", \"benefits\": [", f);
	for (i = 0; i < n; i++) {
		int32_t left = vipcare_checkout_left(c, i);

		fputs(i ? ",\n" : "\n", f);
		fputs("{\"benefit\": ", f);
		out_json_string(f, vipcare_checkout_benefit(c, i));
		fprintf(f, ", \"eligible\": %s, \"reason\": ",
			vipcare_checkout_eligible(c, i) == 1 ? "true" : "false");
		out_json_string(f, vipcare_reason_name(vipcare_checkout_reason(c, i)));
		if (left < 0)
			fputs(", \"left\": null", f);
		else
			fprintf(f, ", \"left\": %ld", (long)left);
		fputs(", \"period_end\": ", f);
		out_json_date(f, vipcare_checkout_period_end(c, i));
		fputc('}', f);
	}
	fputs(n ? "\n]}\n" : "]}\n", f);
}

/* What the cashier sees. */
static void checkout_text(FILE *f, const struct vipcare_checkout *c, const struct vipcare_policy *pol)
{
	size_t i, index, n = vipcare_checkout_count(c);
	const char *tier = vipcare_checkout_tier_name(c);

	fprintf(f, "card %s at ", vipcare_checkout_customer(c));
	out_timestamp(f, vipcare_checkout_at(c));
	fprintf(f, ": %s\n", tier ? tier : "unknown card");
	for (i = 0; i < n; i++) {
		const char *id = vipcare_checkout_benefit(c, i);
		int32_t left = vipcare_checkout_left(c, i);
		int32_t end = vipcare_checkout_period_end(c, i);
		int reason = vipcare_checkout_reason(c, i);

		if (vipcare_policy_benefit_index(pol, id, &index) != VIPCARE_OK)
			index = 0;
		fprintf(f, "  %-3s %-24s", vipcare_checkout_eligible(c, i) == 1 ? "yes" : "no",
			vipcare_policy_benefit_name(pol, index));
		if (vipcare_checkout_eligible(c, i) != 1)
			fprintf(f, " %s", vipcare_reason_name(reason));
		else if (left < 0)
			fputs(" unlimited", f);
		else
			fprintf(f, " %ld left", (long)left);
		/* the period's end: when the quota is back */
		if (end != VIPCARE_DATE_NONE &&
		    (reason == VIPCARE_REASON_OK || reason == VIPCARE_REASON_QUOTA_EXHAUSTED)) {
			fputs(" until ", f);
			out_date(f, end);
		}
		fputc('\n', f);
	}
}

int till_checkout(struct pos *p, FILE *out, enum pos_format format, const char *card, int64_t at)
{
	int rc = pos_follow(p, NULL);

	if (rc != POS_DONE)
		return rc;
	rc = vipcare_engine_checkout(p->engine, card, at, p->checkout);
	if (rc != VIPCARE_OK)
		return pos_fail(p, rc == VIPCARE_E_NO_MEMORY ? POS_IO : POS_USAGE, "checkout: %s",
				vipcare_engine_last_error(p->engine));
	if (format == FORMAT_JSON)
		checkout_json(out, p->checkout);
	else
		checkout_text(out, p->checkout, vipcare_engine_policy(p->engine));
	return POS_DONE;
}

/* ------------------------------------------------------------------ */
/* redeem                                                               */
/* ------------------------------------------------------------------ */

/* Writes the redemption the engine just recorded; sets @seq. */
static int write_redemption(struct pos *p, const char *redemption_id, const char *card,
			    const char *benefit, int32_t qty, int64_t at, int64_t *seq)
{
	sqlite3_stmt *s = p->st[ST_REDEMPTION_ADD];
	char when[VIPCARE_TIMESTAMP_BUFSIZE];
	int rc;

	vipcare_timestamp_format(when, sizeof(when), at);
	sqlite3_bind_text(s, 1, redemption_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, card, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, benefit, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, when, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 5, qty);
	/* the rows the engine held when it decided: a restart replays it there */
	sqlite3_bind_int64(s, 6, p->at.members);
	sqlite3_bind_int64(s, 7, p->at.orders);
	sqlite3_bind_int64(s, 8, p->at.refunds);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pos_fail_db(p, "writing the redemption");
	*seq = sqlite3_last_insert_rowid(p->db);
	return POS_DONE;
}

static void redeem_answer(FILE *f, enum pos_format format, const struct vipcare_checkout *c,
			  const char *redemption_id, const char *card, const char *benefit,
			  int32_t qty, int64_t at, const char *status, int64_t seq, const char *message)
{
	int32_t left = vipcare_checkout_count(c) ? vipcare_checkout_left(c, 0) : 0;
	int32_t end = vipcare_checkout_count(c) ? vipcare_checkout_period_end(c, 0) : VIPCARE_DATE_NONE;
	const char *reason = vipcare_reason_name(vipcare_checkout_reason(c, 0));

	if (format == FORMAT_JSON) {
		fputs("{\"redemption_id\": ", f);
		out_json_string(f, redemption_id);
		fputs(", \"customer\": ", f);
		out_json_string(f, card);
		fputs(", \"benefit\": ", f);
		out_json_string(f, benefit);
		fputs(", \"at\": \"", f);
		out_timestamp(f, at);
		fprintf(f, "\", \"qty\": %ld, \"status\": \"%s\", \"reason\": ", (long)qty, status);
		out_json_string(f, reason);
		if (left < 0)
			fputs(", \"left\": null", f);
		else
			fprintf(f, ", \"left\": %ld", (long)left);
		fputs(", \"period_end\": ", f);
		out_json_date(f, end);
		if (seq > 0)
			fprintf(f, ", \"seq\": %lld}\n", (long long)seq);
		else
			fputs(", \"seq\": null}\n", f);
		return;
	}
	if (strcmp(status, "refused") == 0) {
		fprintf(f, "refused: %s x%ld for card %s: %s\n", benefit, (long)qty, card, message);
		return;
	}
	fprintf(f, "%s: %s x%ld for card %s", status, benefit, (long)qty, card);
	if (seq > 0)
		fprintf(f, " (redemptions.seq %lld)", (long long)seq);
	if (left >= 0)
		fprintf(f, ", %ld left", (long)left);
	if (end != VIPCARE_DATE_NONE) {
		fputs(" until ", f);
		out_date(f, end);
	}
	fputc('\n', f);
}

int till_redeem(struct pos *p, FILE *out, enum pos_format format, const char *redemption_id,
		const char *card, const char *benefit, int32_t qty, int64_t at)
{
	int64_t seq = 0;
	const char *status;
	int rc, vrc;

	/*
	 * One write transaction: take the new rows, decide, write the row.
	 * Holding the write lock from the decision to the commit means no
	 * other writer can slip in between, so the positions written with the
	 * row are exactly what the engine held.
	 */
	if ((rc = pos_begin(p)) != POS_DONE)
		return rc;
	if ((rc = pos_follow_locked(p, NULL)) != POS_DONE) {
		pos_rollback(p);
		pos_rebuild(p);
		return rc;
	}
	vrc = vipcare_engine_redeem(p->engine, redemption_id, card, benefit, at, qty, p->checkout);
	if (vrc == VIPCARE_OK && !vipcare_checkout_replayed(p->checkout)) {
		status = "recorded";
		rc = write_redemption(p, redemption_id, card, benefit, qty, at, &seq);
		if (rc == POS_DONE) {
			p->at.redemptions = seq;
			rc = pos_store_checkpoint(p);
		}
		if (rc == POS_DONE)
			rc = pos_commit(p);
		else
			pos_rollback(p);
		if (rc != POS_DONE) {
			/*
			 * The engine has it, the database has not: the benefit was
			 * not granted. The engine cannot forget one redemption, so
			 * it is built again from the database.
			 */
			char why[sizeof(p->error)];

			memcpy(why, p->error, sizeof(why));
			pos_rebuild(p);
			return pos_fail(p, rc, "redemption %s NOT recorded: %s", redemption_id, why);
		}
	} else {
		if ((rc = pos_commit(p)) != POS_DONE) {
			char why[sizeof(p->error)];

			memcpy(why, p->error, sizeof(why));
			pos_rebuild(p);
			return pos_fail(p, rc, "%s", why);
		}
		if (vrc == VIPCARE_OK)
			status = "replayed"; /* a retry: already recorded, nothing spent */
		else if (vrc == VIPCARE_E_REFUSED)
			status = "refused";
		else
			return pos_fail(p, vrc == VIPCARE_E_NO_MEMORY ? POS_IO : POS_USAGE,
					"redeem: %s", vipcare_engine_last_error(p->engine));
	}
	redeem_answer(out, format, p->checkout, redemption_id, card, benefit, qty, at, status, seq,
		      vipcare_engine_last_error(p->engine));
	return POS_DONE;
}

/* ------------------------------------------------------------------ */
/* scores and KPIs                                                      */
/* ------------------------------------------------------------------ */

/* One score in the columns of `vipcare score --format csv`. */
static void score_csv(FILE *f, const struct vipcare_score *s)
{
	const char *next = vipcare_score_next_tier_name(s);

	out_csv_field(f, vipcare_score_customer(s));
	fputc(',', f);
	out_csv_field(f, vipcare_score_tier_name(s));
	fputc(',', f);
	out_money(f, vipcare_score_net_spend(s));
	fprintf(f, ",%ld,", (long)vipcare_score_visits(s));
	out_date(f, vipcare_score_first_sale(s));
	fputc(',', f);
	out_date(f, vipcare_score_last_sale(s));
	fputc(',', f);
	out_money(f, vipcare_score_lifetime_spend(s));
	fprintf(f, ",%s,", vipcare_decided_by_name(vipcare_score_decided_by(s)));
	if (next != NULL) {
		out_csv_field(f, next);
		fputc(',', f);
		out_money(f, vipcare_score_spend_to_next(s));
		fprintf(f, ",%ld,", (long)vipcare_score_visits_to_next(s));
	} else {
		fputs(",,,", f); /* at the top tier: no next tier */
	}
	out_date(f, vipcare_score_tier_expires(s));
	fputc('\n', f);
}

int till_score(struct pos *p, FILE *out, enum pos_format format, const char *card, int32_t asof)
{
	const struct vipcare_score *s = p->score;
	const char *next;
	int rc = pos_follow(p, NULL);

	if (rc != POS_DONE)
		return rc;
	rc = vipcare_engine_score(p->engine, card, asof, p->score);
	if (rc != VIPCARE_OK)
		return pos_fail(p, rc == VIPCARE_E_NO_MEMORY ? POS_IO : POS_USAGE, "score: %s",
				vipcare_engine_last_error(p->engine));
	next = vipcare_score_next_tier_name(s);
	if (format == FORMAT_JSON) {
		fputs("{\"customer_id\": ", out);
		out_json_string(out, vipcare_score_customer(s));
		fprintf(out, ", \"member\": %s, \"tier\": ",
			vipcare_score_is_member(s) ? "true" : "false");
		out_json_string(out, vipcare_score_tier_name(s));
		fputs(", \"net_spend\": \"", out);
		out_money(out, vipcare_score_net_spend(s));
		fprintf(out, "\", \"visits\": %ld, \"decided_by\": \"%s\", \"next_tier\": ",
			(long)vipcare_score_visits(s),
			vipcare_decided_by_name(vipcare_score_decided_by(s)));
		out_json_string(out, next);
		fputs(", \"tier_expires\": ", out);
		out_json_date(out, vipcare_score_tier_expires(s));
		fputs("}\n", out);
		return POS_DONE;
	}
	fprintf(out, "card %s: %s, spend ", vipcare_score_customer(s), vipcare_score_tier_name(s));
	out_money(out, vipcare_score_net_spend(s));
	fprintf(out, " and %ld visit(s) in the window; by %s", (long)vipcare_score_visits(s),
		vipcare_decided_by_name(vipcare_score_decided_by(s)));
	if (vipcare_score_tier_expires(s) != VIPCARE_DATE_NONE) {
		fputs("; held through ", out);
		out_date(out, vipcare_score_tier_expires(s));
	}
	if (next != NULL) {
		fprintf(out, "; %s needs ", next);
		out_money(out, vipcare_score_spend_to_next(s));
		fprintf(out, " more and %ld more visit(s)", (long)vipcare_score_visits_to_next(s));
	}
	fputc('\n', out);
	return POS_DONE;
}

int till_scores(struct pos *p, FILE *out, int32_t asof)
{
	struct vipcare_score_cursor *cursor = NULL;
	const struct vipcare_score *s;
	int rc = pos_follow(p, NULL);

	if (rc != POS_DONE)
		return rc;
	if (vipcare_score_cursor_new(&cursor, p->engine, asof) != VIPCARE_OK)
		return pos_fail(p, POS_IO, "scores: %s", vipcare_engine_last_error(p->engine));
	fputs("customer_id,tier,net_spend,visits,first_sale,last_sale,lifetime_spend,"
	      "decided_by,next_tier,spend_to_next,visits_to_next,tier_expires\n",
	      out);
	while ((rc = vipcare_score_cursor_next(cursor, &s)) == 1)
		score_csv(out, s);
	vipcare_score_cursor_unref(cursor);
	if (rc < 0)
		return pos_fail(p, POS_IO, "scores: %s", vipcare_engine_last_error(p->engine));
	return POS_DONE;
}

int till_kpi(struct pos *p, FILE *out, int32_t from, int32_t to)
{
	struct vipcare_kpi_state *state = NULL;
	char *json = NULL;
	int rc = pos_follow(p, NULL);

	if (rc != POS_DONE)
		return rc;
	rc = vipcare_kpi_state_new(&state, p->engine, from, to);
	if (rc != VIPCARE_OK)
		return pos_fail(p, rc == VIPCARE_E_NO_MEMORY ? POS_IO : POS_USAGE, "kpi: %s",
				vipcare_engine_last_error(p->engine));
	rc = vipcare_kpi_state_to_json(state, &json);
	vipcare_kpi_state_unref(state);
	if (rc != VIPCARE_OK)
		return pos_fail(p, POS_IO, "kpi: out of memory");
	fputs(json, out);
	vipcare_free(json);
	return POS_DONE;
}
