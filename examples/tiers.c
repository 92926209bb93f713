/*
 * tiers — the smallest complete use of libvipcare: record a few
 * customers and their purchases, then print every member's tier as of one
 * date with the explanation a service desk would give.
 *
 * Build against an installed library with nothing but pkg-config:
 *   cc tiers.c $(pkg-config --cflags --libs vipcare) -o tiers
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

/* A small mall: who bought what and when (amounts in minor units). */
struct purchase {
	const char *txn;
	const char *customer;
	const char *when;
	int64_t amount;
	int kind;
	const char *original;
};

static const struct purchase purchases[] = {
	{ "T001", "ALICE", "2025-02-14T19:05", 3850000, VIPCARE_TXN_SALE, NULL },
	{ "T002", "ALICE", "2025-06-01T11:20", 2600000, VIPCARE_TXN_SALE, NULL },
	{ "T003", "BO", "2025-11-20T15:00", 1200000, VIPCARE_TXN_SALE, NULL },
	{ "T004", "BO", "2025-11-25T10:00", 300000, VIPCARE_TXN_REFUND, "T003" },
	{ "T005", "CHEN", "2025-01-03T12:00", 1150000, VIPCARE_TXN_SALE, NULL },
	{ "T006", "DANA", "2024-12-30T16:45", 900000, VIPCARE_TXN_SALE, NULL },
	{ "T007", "DANA", "2025-12-01T16:45", 450000, VIPCARE_TXN_SALE, NULL },
	{ "T008", "EMIL", "2025-03-08T13:30", 800000, VIPCARE_TXN_SALE, NULL },
	{ "T009", "EMIL", "2025-03-08T13:30", 800000, VIPCARE_TXN_SALE, NULL }, /* a POS retry */
};

static void print_money(const char *label, int64_t amount)
{
	char text[VIPCARE_MONEY_BUFSIZE];

	vipcare_money_format(text, sizeof(text), amount);
	printf("%s%s", label, text);
}

static void print_date(const char *label, int32_t date)
{
	char text[VIPCARE_DATE_BUFSIZE];

	vipcare_date_format(text, sizeof(text), date);
	printf("%s%s", label, text);
}

static int fail(const char *what, int rc, const char *detail)
{
	fprintf(stderr, "tiers: %s: %s: %s\n", what, vipcare_strerror(rc), detail);
	return 1;
}

/* One line a member: tier, why, and what it takes to move up. */
static void explain(const struct vipcare_score *s)
{
	printf("%-6s %-8s  ", vipcare_score_customer(s), vipcare_score_tier_name(s));
	print_money("spend ", vipcare_score_net_spend(s));
	printf(", %d visit(s); by %s", (int)vipcare_score_visits(s),
	       vipcare_decided_by_name(vipcare_score_decided_by(s)));
	if (vipcare_score_tier_expires(s) != VIPCARE_DATE_NONE)
		print_date("; held through ", vipcare_score_tier_expires(s));
	if (vipcare_score_next_tier(s) >= 0) {
		printf("; %s needs ", vipcare_score_next_tier_name(s));
		print_money("", vipcare_score_spend_to_next(s));
		printf(" more and %d more visit(s)", (int)vipcare_score_visits_to_next(s));
	} else {
		printf("; top tier");
	}
	printf("\n");
}

int main(void)
{
	struct vipcare_engine *engine = NULL;
	struct vipcare_transaction *txn = NULL;
	struct vipcare_customer *customer = NULL;
	struct vipcare_score_cursor *cursor = NULL;
	const struct vipcare_score *score;
	int32_t asof;
	size_t i;
	int rc;

	if (vipcare_version_number() / 10000 != VIPCARE_VERSION_MAJOR) {
		fprintf(stderr, "tiers: built for libvipcare %s but loaded %s\n",
			VIPCARE_VERSION_STRING, vipcare_version_string());
		return 1;
	}
	if (vipcare_engine_new(&engine, NULL) != VIPCARE_OK || vipcare_transaction_new(&txn) != VIPCARE_OK ||
	    vipcare_customer_new(&customer) != VIPCARE_OK)
		return fail("setup", VIPCARE_E_NO_MEMORY, "");

	/* A member the CRM manager set to platinum until the end of January. */
	vipcare_customer_set_id(customer, "FAY");
	vipcare_customer_set_joined(customer, 20100); /* 2025-01-12 */
	vipcare_customer_set_override(customer, "platinum", 20484); /* 2026-01-31 */
	rc = vipcare_engine_add_customer(engine, customer);
	if (rc != VIPCARE_OK)
		return fail("customer FAY", rc, vipcare_engine_last_error(engine));

	for (i = 0; i < sizeof(purchases) / sizeof(purchases[0]); i++) {
		const struct purchase *p = &purchases[i];
		int64_t ts;

		vipcare_transaction_clear(txn);
		if (vipcare_timestamp_parse(&ts, p->when, strlen(p->when), NULL, 0) != VIPCARE_OK)
			return fail(p->txn, VIPCARE_E_TIMESTAMP, p->when);
		vipcare_transaction_set_id(txn, i == 8 ? "T008" : p->txn);
		vipcare_transaction_set_customer(txn, p->customer);
		vipcare_transaction_set_timestamp(txn, ts);
		vipcare_transaction_set_amount(txn, p->amount);
		vipcare_transaction_set_kind(txn, p->kind);
		vipcare_transaction_set_original(txn, p->original);
		rc = vipcare_engine_add_transaction(engine, txn);
		if (rc == VIPCARE_E_DUPLICATE)
			printf("skipped: %s\n", vipcare_engine_last_error(engine));
		else if (rc != VIPCARE_OK)
			return fail(p->txn, rc, vipcare_engine_last_error(engine));
	}

	vipcare_date_parse(&asof, "2025-12-31", 10, NULL, 0);
	rc = vipcare_score_cursor_new(&cursor, engine, asof);
	if (rc != VIPCARE_OK)
		return fail("scoring", rc, vipcare_engine_last_error(engine));
	printf("libvipcare %s: %zu members as of 2025-12-31 under \"%s\"\n", vipcare_version_string(),
	       vipcare_score_cursor_count(cursor), vipcare_policy_name(vipcare_engine_policy(engine)));
	while ((rc = vipcare_score_cursor_next(cursor, &score)) == 1)
		explain(score);
	if (rc < 0)
		return fail("scoring", rc, vipcare_engine_last_error(engine));

	vipcare_score_cursor_unref(cursor);
	vipcare_customer_unref(customer);
	vipcare_transaction_unref(txn);
	vipcare_engine_unref(engine);
	return 0;
}
