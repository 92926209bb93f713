/*
 * The score cursor (DESIGN §4) against a day-by-day model and against the
 * single-customer score: every member in bytewise id order, whatever order
 * the customers were recorded in (ids sharing their first 16 bytes, UTF-8,
 * ids short enough to be kept in the customer record and longer ones), and
 * every field of every score, for customers recorded in time order and out
 * of it, with thousands of transactions, same-day sales and refunds,
 * overrides and retention. The cursor sorts and sweeps differently from a
 * single score (docs/tiers.md); these tests hold it to the same results.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

#include "helpers.h"

#define CUSTOMERS 160
#define SPAN 800 /* days of trading from BASE */

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

struct txn {
	int32_t date;
	int64_t amount; /* signed: a refund is negative */
};

struct customer {
	char id[VIPCARE_ID_MAX + 1];
	int32_t joined; /* as given, or VIPCARE_DATE_NONE */
	int override_tier; /* -1: none */
	int32_t until;
	struct txn *t;
	int n;
};

struct mall {
	struct customer c[CUSTOMERS];
	int32_t base;
};

/* The policy as the model reads it. */
struct rules {
	int32_t window, retain;
	int tiers;
	int has_spend[VIPCARE_TIERS_MAX], has_visits[VIPCARE_TIERS_MAX];
	int64_t min_spend[VIPCARE_TIERS_MAX];
	int32_t min_visits[VIPCARE_TIERS_MAX];
	const char *names[VIPCARE_TIERS_MAX];
};

static void rules_of(const struct vipcare_policy *p, struct rules *r)
{
	int64_t v = 0;
	int t;

	assert_int_equal(vipcare_policy_get(p, VIPCARE_SETTING_WINDOW_DAYS, &v), VIPCARE_OK);
	r->window = (int32_t)v;
	assert_int_equal(vipcare_policy_get(p, VIPCARE_SETTING_RETAIN_DAYS, &v), VIPCARE_OK);
	r->retain = (int32_t)v;
	r->tiers = (int)vipcare_policy_tier_count(p);
	for (t = 0; t < r->tiers; t++) {
		r->has_spend[t] = vipcare_policy_tier_min_spend(p, t, &r->min_spend[t]);
		r->has_visits[t] = vipcare_policy_tier_min_visits(p, t, &r->min_visits[t]);
		r->names[t] = vipcare_policy_tier_name(p, t);
	}
}

static int qualify(const struct rules *r, int64_t spend, int32_t visits)
{
	int t;

	for (t = r->tiers - 1; t > 0; t--) {
		if ((!r->has_spend[t] || spend >= r->min_spend[t]) &&
		    (!r->has_visits[t] || visits >= r->min_visits[t]))
			return t;
	}
	return 0;
}

/* What a score holds, from the model or from the library. */
struct expect {
	int is_member, tier, decided_by, next_tier;
	int64_t net_spend, lifetime, spend_to_next;
	int32_t visits, first_sale, last_sale, visits_to_next, tier_expires;
};

static int32_t effective_joined(const struct customer *c)
{
	int32_t first = VIPCARE_DATE_NONE;
	int i;

	for (i = 0; i < c->n; i++) {
		if (first == VIPCARE_DATE_NONE || c->t[i].date < first)
			first = c->t[i].date;
	}
	if (c->joined == VIPCARE_DATE_NONE)
		return first;
	if (first == VIPCARE_DATE_NONE || c->joined < first)
		return c->joined;
	return first;
}

/*
 * The rules of DESIGN §4 day by day: the window's sums on every day from
 * prefix sums, the highest tier qualified over each retention span, and
 * the tier on each day after the date with the transactions frozen.
 */
static void model_score(const struct rules *r, const struct customer *c, int32_t base, int32_t asof,
			struct expect *x)
{
	int32_t lo = (asof < base ? asof : base) - r->window - r->retain - 2;
	int32_t last = c->override_tier >= 0 && c->until != VIPCARE_DATE_NONE && c->until > asof
			       ? c->until
			       : asof;
	int32_t hi = last + r->window + r->retain + 2, d;
	size_t days = (size_t)(hi - lo + 1);
	int64_t *net = calloc(days + 1, sizeof(*net));
	int32_t *sold = calloc(days + 1, sizeof(*sold));
	int *tier_m = calloc(days, sizeof(*tier_m));
	int32_t last_at[VIPCARE_TIERS_MAX];
	int32_t joined = effective_joined(c);
	int overridden, qualified = 0, i, t;

	assert_non_null(net);
	assert_non_null(sold);
	assert_non_null(tier_m);
	memset(x, 0, sizeof(*x));
	x->is_member = joined != VIPCARE_DATE_NONE && joined <= asof;
	x->first_sale = x->last_sale = VIPCARE_DATE_NONE;
	/* net[k + 1] and sold[k + 1]: the day lo + k, prefix-summed below */
	for (i = 0; i < c->n; i++) {
		const struct txn *tx = &c->t[i];

		if (tx->date > asof)
			continue;
		net[tx->date - lo + 1] += tx->amount;
		x->lifetime += tx->amount;
		if (tx->amount > 0) {
			sold[tx->date - lo + 1] = 1;
			if (x->first_sale == VIPCARE_DATE_NONE || tx->date < x->first_sale)
				x->first_sale = tx->date;
			if (x->last_sale == VIPCARE_DATE_NONE || tx->date > x->last_sale)
				x->last_sale = tx->date;
		}
	}
	for (i = 1; i <= (int)days; i++) {
		net[i] += net[i - 1];
		sold[i] += sold[i - 1];
	}
	for (t = 0; t < VIPCARE_TIERS_MAX; t++)
		last_at[t] = VIPCARE_DATE_NONE;
	for (d = lo + r->window; d <= hi; d++) {
		int64_t spend = net[d - lo + 1] - net[d - r->window - lo + 1];
		int32_t visits = sold[d - lo + 1] - sold[d - r->window - lo + 1];
		int q = qualify(r, spend, visits);

		for (t = 1; t <= q; t++)
			last_at[t] = d;
		tier_m[d - lo] = 0;
		for (t = r->tiers - 1; t > 0; t--) {
			if (last_at[t] != VIPCARE_DATE_NONE && last_at[t] >= d - r->retain) {
				tier_m[d - lo] = t;
				break;
			}
		}
		if (d == asof) {
			x->net_spend = spend;
			x->visits = visits;
			qualified = q;
		}
	}
	overridden = c->override_tier >= 0 && (c->until == VIPCARE_DATE_NONE || asof <= c->until);
	x->tier = overridden ? c->override_tier : tier_m[asof - lo];
	x->decided_by = overridden ? VIPCARE_DECIDED_BY_OVERRIDE
		      : x->tier == 0 ? VIPCARE_DECIDED_BY_BASE
		      : qualified == x->tier ? VIPCARE_DECIDED_BY_METRICS
					     : VIPCARE_DECIDED_BY_RETENTION;
	x->tier_expires = VIPCARE_DATE_NONE;
	if (x->tier > 0 && !(overridden && c->until == VIPCARE_DATE_NONE)) {
		/* by hi every transaction has left the window: the tier on hi is for ever */
		for (d = asof + 1; d <= hi; d++) {
			int held = c->override_tier >= 0 && (c->until == VIPCARE_DATE_NONE || d <= c->until)
					   ? c->override_tier
					   : tier_m[d - lo];

			if (held < x->tier) {
				x->tier_expires = d - 1;
				break;
			}
		}
	}
	x->next_tier = x->tier + 1 < r->tiers ? x->tier + 1 : -1;
	if (x->next_tier >= 0) {
		if (r->has_spend[x->next_tier] && r->min_spend[x->next_tier] > x->net_spend)
			x->spend_to_next = r->min_spend[x->next_tier] - x->net_spend;
		if (r->has_visits[x->next_tier] && r->min_visits[x->next_tier] > x->visits)
			x->visits_to_next = r->min_visits[x->next_tier] - x->visits;
	}
	free(net);
	free(sold);
	free(tier_m);
}

static void assert_score(const struct vipcare_score *s, const struct rules *r, const char *id,
			 const struct expect *x)
{
	assert_string_equal(vipcare_score_customer(s), id);
	assert_int_equal(vipcare_score_is_member(s), x->is_member);
	assert_int_equal(vipcare_score_tier(s), x->tier);
	assert_string_equal(vipcare_score_tier_name(s), r->names[x->tier]);
	assert_int_equal(vipcare_score_net_spend(s), x->net_spend);
	assert_int_equal(vipcare_score_visits(s), x->visits);
	assert_int_equal(vipcare_score_first_sale(s), x->first_sale);
	assert_int_equal(vipcare_score_last_sale(s), x->last_sale);
	assert_int_equal(vipcare_score_lifetime_spend(s), x->lifetime);
	assert_int_equal(vipcare_score_decided_by(s), x->decided_by);
	assert_int_equal(vipcare_score_next_tier(s), x->next_tier);
	if (x->next_tier >= 0)
		assert_string_equal(vipcare_score_next_tier_name(s), r->names[x->next_tier]);
	else
		assert_null(vipcare_score_next_tier_name(s));
	assert_int_equal(vipcare_score_spend_to_next(s), x->spend_to_next);
	assert_int_equal(vipcare_score_visits_to_next(s), x->visits_to_next);
	assert_int_equal(vipcare_score_tier_expires(s), x->tier_expires);
}

/* ------------------------------------------------------------------ */
/* A random mall                                                       */
/* ------------------------------------------------------------------ */

static int id_taken(const struct mall *m, int upto, const char *id)
{
	int i;

	for (i = 0; i < upto; i++) {
		if (strcmp(m->c[i].id, id) == 0)
			return 1;
	}
	return 0;
}

/*
 * Ids of every shape the key of the sort meets: up to 13 bytes (kept whole
 * in the customer record), 14 to 16, sharing their first 16 bytes and
 * differing after, UTF-8 (bytes above 0x7f sort after ASCII), and random
 * printable text up to 64 bytes.
 */
static void make_id(uint32_t *seed, char *out)
{
	static const char *const utf8[] = { "Zo\xc3\xab", "\xc3\xa9", "\xe4\xb8\xad\xe5\xbf\x83", "Zoe" };
	unsigned kind = lcg(seed) % 6, len, i;

	switch (kind) {
	case 0:
		snprintf(out, VIPCARE_ID_MAX + 1, "C%05u", (unsigned)(lcg(seed) % 100000));
		break;
	case 1:
		snprintf(out, VIPCARE_ID_MAX + 1, "MEMBER-%0*u", 7 + (int)(lcg(seed) % 3),
			 (unsigned)(lcg(seed) % 1000000));
		break;
	case 2:
		/* the first 16 bytes are the same: the rest decides */
		len = lcg(seed) % 6;
		strcpy(out, "SAME-16-BYTES-ID");
		for (i = 0; i < len; i++)
			out[16 + i] = (char)(lcg(seed) % 2 ? 'a' + lcg(seed) % 3 : ' ' + lcg(seed) % 3);
		out[16 + len] = '\0';
		break;
	case 3:
		snprintf(out, VIPCARE_ID_MAX + 1, "%s%u", utf8[lcg(seed) % 4], (unsigned)(lcg(seed) % 300));
		break;
	default:
		len = 1 + lcg(seed) % VIPCARE_ID_MAX;
		for (i = 0; i < len; i++)
			out[i] = (char)(' ' + lcg(seed) % 95);
		out[len] = '\0';
		break;
	}
}

static void record_txn(struct vipcare_engine *e, const char *id, const char *customer, int64_t ts,
		       int64_t amount)
{
	struct vipcare_transaction *t = NULL;
	char original[VIPCARE_ID_MAX + 1];

	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_id(t, id), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_customer(t, customer), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_timestamp(t, ts), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_amount(t, amount > 0 ? amount : -amount), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_kind(t, amount > 0 ? VIPCARE_TXN_SALE : VIPCARE_TXN_REFUND),
			 VIPCARE_OK);
	if (amount < 0) {
		snprintf(original, sizeof(original), "ELSEWHERE-%s", id);
		assert_int_equal(vipcare_transaction_set_original(t, original), VIPCARE_OK);
	}
	assert_int_equal(vipcare_engine_add_transaction(e, t), VIPCARE_OK);
	vipcare_transaction_unref(t);
}

static int txn_by_date(const void *a, const void *b)
{
	const struct txn *x = a, *y = b;

	return (x->date > y->date) - (x->date < y->date);
}

/*
 * Makes the customers: most with a few transactions in time order, some
 * recorded out of it, some on few days (same-day sales and refunds), three
 * with thousands; some joined by a customer record only (after the dates
 * scored, or never), some with an override.
 */
static void make_mall(struct mall *m, uint32_t seed)
{
	int i, k;

	memset(m, 0, sizeof(*m));
	m->base = day_of("2024-01-01");
	for (i = 0; i < CUSTOMERS; i++) {
		struct customer *c = &m->c[i];
		unsigned shape = lcg(&seed) % 10;

		do
			make_id(&seed, c->id);
		while (id_taken(m, i, c->id));
		c->n = i < 3 ? 1500 + (int)(lcg(&seed) % 1500) : shape == 0 ? 0 : (int)(lcg(&seed) % 40);
		c->t = calloc((size_t)(c->n ? c->n : 1), sizeof(*c->t));
		assert_non_null(c->t);
		for (k = 0; k < c->n; k++) {
			int32_t date = m->base + (int32_t)(lcg(&seed) % SPAN);

			/* few days: many on the same day */
			if (shape == 1)
				date = m->base + 300 + (int32_t)(lcg(&seed) % 3);
			c->t[k].date = date;
			c->t[k].amount = 1 + (int64_t)(lcg(&seed) % 2000000);
			if (k > 0 && lcg(&seed) % 6 == 0)
				c->t[k].amount = -c->t[k].amount / 2 - 1;
		}
		/* recorded in time order unless the shape says otherwise */
		if (shape != 2 && i != 1)
			qsort(c->t, (size_t)c->n, sizeof(*c->t), txn_by_date);
		c->joined = VIPCARE_DATE_NONE;
		if (shape == 0 || lcg(&seed) % 4 == 0)
			c->joined = lcg(&seed) % 5 == 0 ? VIPCARE_DATE_NONE
							: m->base - 30 + (int32_t)(lcg(&seed) % (SPAN + 200));
		c->override_tier = -1;
		c->until = VIPCARE_DATE_NONE;
		if (c->n > 0 && lcg(&seed) % 7 == 0) {
			c->override_tier = (int)(lcg(&seed) % 4);
			if (lcg(&seed) % 3 != 0)
				c->until = m->base + (int32_t)(lcg(&seed) % (SPAN + 100));
		}
	}
}

static void free_mall(struct mall *m)
{
	int i;

	for (i = 0; i < CUSTOMERS; i++)
		free(m->c[i].t);
}

/*
 * Records the mall into @e: the customer records in the order of @order
 * (unless @every_record, customers with no joined date are known by their
 * first transaction instead, which comes later), then the transactions
 * round robin, so that the customers' chunks interleave.
 */
static void load_mall(struct vipcare_engine *e, const struct vipcare_policy *p, const struct mall *m,
		      const int *order, int every_record)
{
	struct vipcare_customer *rec = NULL;
	int i, k, more;

	assert_int_equal(vipcare_customer_new(&rec), VIPCARE_OK);
	for (i = 0; i < CUSTOMERS; i++) {
		const struct customer *c = &m->c[order[i]];

		if (!every_record && c->joined == VIPCARE_DATE_NONE && c->n > 0)
			continue;
		vipcare_customer_clear(rec);
		assert_int_equal(vipcare_customer_set_id(rec, c->id), VIPCARE_OK);
		if (c->joined != VIPCARE_DATE_NONE)
			assert_int_equal(vipcare_customer_set_joined(rec, c->joined), VIPCARE_OK);
		assert_int_equal(vipcare_engine_add_customer(e, rec), VIPCARE_OK);
	}
	vipcare_customer_unref(rec);
	for (k = 0, more = 1; more; k++) {
		more = 0;
		for (i = 0; i < CUSTOMERS; i++) {
			const struct customer *c = &m->c[order[i]];
			char tid[32];

			if (k >= c->n)
				continue;
			more = 1;
			snprintf(tid, sizeof(tid), "%d-%d", order[i], k);
			record_txn(e, tid, c->id, (int64_t)c->t[k].date * 86400 + (int64_t)(k % 86400),
				   c->t[k].amount);
		}
	}
	for (i = 0; i < CUSTOMERS; i++) {
		const struct customer *c = &m->c[i];

		if (c->override_tier >= 0)
			assert_int_equal(vipcare_engine_set_override(e, c->id,
								     vipcare_policy_tier_name(p, c->override_tier),
								     c->until),
					 VIPCARE_OK);
	}
}

static int by_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Walks the cursor as of @asof: the members the model has, in bytewise id
 * order, each with the model's score and the single score's.
 */
static void check_cursor(struct vipcare_engine *e, const struct rules *r, const struct mall *m,
			 int32_t asof)
{
	const char *ids[CUSTOMERS];
	const struct customer *by_name[CUSTOMERS];
	struct vipcare_score_cursor *cur = NULL;
	struct vipcare_score *one = NULL;
	const struct vipcare_score *s = NULL;
	size_t members = 0, i, j;
	struct expect x;

	for (i = 0; i < CUSTOMERS; i++) {
		int32_t joined = effective_joined(&m->c[i]);

		if (joined != VIPCARE_DATE_NONE && joined <= asof)
			ids[members++] = m->c[i].id;
	}
	qsort(ids, members, sizeof(ids[0]), by_id);
	for (i = 0; i < members; i++) {
		for (j = 0; j < CUSTOMERS && m->c[j].id != ids[i]; j++)
			;
		by_name[i] = &m->c[j];
	}
	assert_int_equal(vipcare_score_new(&one), VIPCARE_OK);
	assert_int_equal(vipcare_score_cursor_new(&cur, e, asof), VIPCARE_OK);
	assert_int_equal(vipcare_score_cursor_count(cur), members);
	for (i = 0; i < members; i++) {
		assert_int_equal(vipcare_score_cursor_next(cur, &s), 1);
		model_score(r, by_name[i], m->base, asof, &x);
		assert_int_equal(x.is_member, 1);
		assert_score(s, r, ids[i], &x);
		assert_int_equal(vipcare_engine_score(e, ids[i], asof, one), VIPCARE_OK);
		assert_score(one, r, ids[i], &x);
	}
	assert_int_equal(vipcare_score_cursor_next(cur, &s), 0);
	assert_null(s);
	vipcare_score_cursor_unref(cur);
	/* a known non-member scores alone too */
	for (i = 0; i < CUSTOMERS; i++) {
		const struct customer *c = &m->c[i];
		int32_t joined = effective_joined(c);

		if (joined != VIPCARE_DATE_NONE && joined <= asof)
			continue;
		model_score(r, c, m->base, asof, &x);
		assert_int_equal(vipcare_engine_score(e, c->id, asof, one), VIPCARE_OK);
		assert_score(one, r, c->id, &x);
	}
	vipcare_score_unref(one);
}

static void check_policy(struct vipcare_policy *p, uint32_t seed)
{
	struct mall *m = malloc(sizeof(*m));
	struct vipcare_engine *shuffled = NULL, *sorted = NULL;
	int order[CUSTOMERS], i;
	const char *ids[CUSTOMERS];
	struct rules r;
	int32_t asof;

	assert_non_null(m);
	make_mall(m, seed);
	rules_of(p, &r);
	/* recorded in a random order, and in id order (the cursor has nothing to sort) */
	for (i = 0; i < CUSTOMERS; i++)
		order[i] = i;
	for (i = CUSTOMERS - 1; i > 0; i--) {
		int j = (int)(lcg(&seed) % (uint32_t)(i + 1)), swap = order[i];

		order[i] = order[j];
		order[j] = swap;
	}
	assert_int_equal(vipcare_engine_new(&shuffled, p), VIPCARE_OK);
	load_mall(shuffled, p, m, order, 0);
	for (i = 0; i < CUSTOMERS; i++)
		ids[i] = m->c[i].id;
	qsort(ids, CUSTOMERS, sizeof(ids[0]), by_id);
	for (i = 0; i < CUSTOMERS; i++) {
		int j = 0;

		while (m->c[j].id != ids[i])
			j++;
		order[i] = j;
	}
	assert_int_equal(vipcare_engine_new(&sorted, p), VIPCARE_OK);
	load_mall(sorted, p, m, order, 1);
	for (asof = m->base - 20; asof <= m->base + SPAN + 120; asof += 97) {
		check_cursor(shuffled, &r, m, asof);
		check_cursor(sorted, &r, m, asof);
	}
	check_cursor(sorted, &r, m, m->base + SPAN - 1);
	vipcare_engine_unref(shuffled);
	vipcare_engine_unref(sorted);
	free_mall(m);
	free(m);
}

static void test_cursor_matches_model_default_policy(void **state)
{
	struct vipcare_policy *p = NULL;

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	check_policy(p, 4242u);
	vipcare_policy_unref(p);
}

/* A short window, retention, and thresholds that make tiers change often. */
static void test_cursor_matches_model_with_retention(void **state)
{
	struct vipcare_policy *p = NULL;

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_WINDOW_DAYS, 60), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, 45), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 1, 500000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, 1500000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 2, 1, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, 3000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	check_policy(p, 99u);
	vipcare_policy_unref(p);
}

/* Retention longer than the window: a tier outlives the sales that earned it. */
static void test_cursor_matches_model_with_long_retention(void **state)
{
	struct vipcare_policy *p = NULL;

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_WINDOW_DAYS, 7), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, 400), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 1, 800000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, 2000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, 4000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	check_policy(p, 2025u);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* The order of ids                                                    */
/* ------------------------------------------------------------------ */

static const char *const tricky_sorted[] = {
	"A",
	"ABCDEFGHIJKLMNO",
	"ABCDEFGHIJKLMNOP",
	"ABCDEFGHIJKLMNOP b",
	"ABCDEFGHIJKLMNOPa",
	"ABCDEFGHIJKLMNOPa b",
	"ABCDEFGHIJKLMNOPz",
	"ABCDEFGHIJKLMNOQ",
	"Zoe",
	"Zo\xc3\xab", /* "Zoë": 0xc3 after every ASCII byte */
	"b",
	"\xe4\xb8\xad\xe5\xbf\x83",
};
#define TRICKY (sizeof(tricky_sorted) / sizeof(tricky_sorted[0]))

static void expect_tricky_order(struct vipcare_engine *e)
{
	struct vipcare_score_cursor *cur = NULL;
	const struct vipcare_score *s = NULL;
	size_t i;

	assert_int_equal(vipcare_score_cursor_new(&cur, e, day_of("2025-12-31")), VIPCARE_OK);
	assert_int_equal(vipcare_score_cursor_count(cur), TRICKY);
	for (i = 0; i < TRICKY; i++) {
		assert_int_equal(vipcare_score_cursor_next(cur, &s), 1);
		assert_string_equal(vipcare_score_customer(s), tricky_sorted[i]);
	}
	assert_int_equal(vipcare_score_cursor_next(cur, &s), 0);
	vipcare_score_cursor_unref(cur);
}

static void add_tricky(struct vipcare_engine *e, const size_t *order)
{
	size_t i;
	char tid[16];

	for (i = 0; i < TRICKY; i++) {
		snprintf(tid, sizeof(tid), "T%zu", i);
		sale(e, tid, tricky_sorted[order[i]], "2025-06-01", 100 + (int64_t)i);
	}
}

static void test_cursor_orders_ids_bytewise(void **state)
{
	/* reversed; sorted but for the last; sorted */
	static const size_t reversed[TRICKY] = { 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	static const size_t last_out[TRICKY] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 10 };
	static const size_t in_order[TRICKY] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	static const size_t *const orders[] = { reversed, last_out, in_order };
	size_t k;

	(void)state;
	for (k = 0; k < 3; k++) {
		struct vipcare_engine *e = NULL;

		assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
		add_tricky(e, orders[k]);
		expect_tricky_order(e);
		vipcare_engine_unref(e);
	}
}

/* An allocator that refuses blocks above a size, when told to. */
struct refuse {
	size_t above; /* 0: refuses nothing */
	int refused;
};

static void *refusing_realloc(void *ptr, size_t size, void *user_data)
{
	struct refuse *r = user_data;

	if (r->above != 0 && size > r->above) {
		r->refused++;
		return NULL;
	}
	return realloc(ptr, size);
}

static void refusing_free(void *ptr, void *user_data)
{
	(void)user_data;
	free(ptr);
}

/*
 * With no memory for the sort's second array the cursor still opens, in
 * the same order: the list of members (one small block) is all it needs.
 */
static void test_cursor_order_without_memory_to_sort(void **state)
{
	static const size_t reversed[TRICKY] = { 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	struct refuse r = { 0, 0 };
	struct vipcare_engine *e = NULL;

	(void)state;
	assert_int_equal(vipcare_engine_new_with_allocator(&e, NULL, refusing_realloc, refusing_free, &r),
			 VIPCARE_OK);
	add_tricky(e, reversed);
	/* above the list of 12 members, below the sort's array and its 16 x 256 counts */
	r.above = 4096;
	expect_tricky_order(e);
	assert_true(r.refused > 0);
	r.above = 0;
	vipcare_engine_unref(e);
}

/*
 * The sweep after the date stops at the first fall below the tier that
 * nothing covers; a fall on the override's last day is covered, and the
 * refund leaving the window the next day lifts the metrics back: the tier
 * is held until the next fall.
 */
static void test_expiry_after_an_override_sees_the_next_day(void **state)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_score *s = NULL;
	struct vipcare_score_cursor *cur = NULL;
	const struct vipcare_score *cs = NULL;

	(void)state;
	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	assert_int_equal(vipcare_score_new(&s), VIPCARE_OK);
	/* 5,000 - 6,000 + 9,000 + 3,000 = 11,000.00 in the window: gold */
	sale(e, "T1", "ANN", "2025-01-01T10:00:00", 500000);
	refund(e, "T2", "ANN", "2025-01-02T10:00:00", 600000, "ELSEWHERE");
	sale(e, "T3", "ANN", "2025-03-01T10:00:00", 900000);
	sale(e, "T4", "ANN", "2025-03-02T10:00:00", 300000);
	assert_int_equal(vipcare_engine_set_override(e, "ANN", "gold", day_of("2026-01-01")), VIPCARE_OK);
	assert_int_equal(vipcare_engine_score(e, "ANN", day_of("2025-06-30"), s), VIPCARE_OK);
	assert_string_equal(vipcare_score_tier_name(s), "gold");
	assert_int_equal(vipcare_score_decided_by(s), VIPCARE_DECIDED_BY_OVERRIDE);
	/*
	 * 2026-01-01: the sale of 2025-01-01 leaves, 6,000.00 (the override
	 * holds); 2026-01-02: the refund leaves, 12,000.00, gold by the metrics;
	 * 2026-03-01: 3,000.00, below gold.
	 */
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2026-02-28"));
	assert_int_equal(vipcare_score_cursor_new(&cur, e, day_of("2025-06-30")), VIPCARE_OK);
	assert_int_equal(vipcare_score_cursor_next(cur, &cs), 1);
	assert_int_equal(vipcare_score_tier_expires(cs), day_of("2026-02-28"));
	vipcare_score_cursor_unref(cur);
	/* without the override: gold by the metrics until the first sale leaves */
	assert_int_equal(vipcare_engine_set_override(e, "ANN", NULL, VIPCARE_DATE_NONE), VIPCARE_OK);
	assert_int_equal(vipcare_engine_score(e, "ANN", day_of("2025-06-30"), s), VIPCARE_OK);
	assert_int_equal(vipcare_score_decided_by(s), VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-12-31"));
	vipcare_score_unref(s);
	vipcare_engine_unref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_orders_ids_bytewise),
		cmocka_unit_test(test_cursor_order_without_memory_to_sort),
		cmocka_unit_test(test_expiry_after_an_override_sees_the_next_day),
		cmocka_unit_test(test_cursor_matches_model_default_policy),
		cmocka_unit_test(test_cursor_matches_model_with_retention),
		cmocka_unit_test(test_cursor_matches_model_with_long_retention),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
