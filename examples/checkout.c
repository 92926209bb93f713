/*
 * checkout — a short session at a mall's till: the cashier scans member
 * cards, the POS shows what each customer may use right now, and some
 * benefits are used. Prints what the cashier would see.
 *
 *   cc checkout.c $(pkg-config --cflags --libs vipcare) -o checkout
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

static int64_t at(const char *text)
{
	int64_t ts = 0;

	if (vipcare_timestamp_parse(&ts, text, strlen(text), NULL, 0) != VIPCARE_OK) {
		fprintf(stderr, "checkout: bad time %s\n", text);
		exit(1);
	}
	return ts;
}

static void buy(struct vipcare_engine *e, struct vipcare_transaction *t, const char *id,
		const char *customer, const char *when, int64_t amount)
{
	vipcare_transaction_clear(t);
	vipcare_transaction_set_id(t, id);
	vipcare_transaction_set_customer(t, customer);
	vipcare_transaction_set_timestamp(t, at(when));
	vipcare_transaction_set_amount(t, amount);
	if (vipcare_engine_add_transaction(e, t) != VIPCARE_OK) {
		fprintf(stderr, "checkout: %s\n", vipcare_engine_last_error(e));
		exit(1);
	}
}

/* The checkout screen for one scanned card. */
static void screen(struct vipcare_engine *e, struct vipcare_checkout *list, const char *customer,
		   const char *when)
{
	const struct vipcare_policy *p = vipcare_engine_policy(e);
	char end[VIPCARE_DATE_BUFSIZE];
	size_t i, index;

	if (vipcare_engine_checkout(e, customer, at(when), list) != VIPCARE_OK) {
		fprintf(stderr, "checkout: %s\n", vipcare_engine_last_error(e));
		exit(1);
	}
	printf("\n[%s] card %s, tier %s\n", when, customer,
	       vipcare_checkout_tier_name(list) ? vipcare_checkout_tier_name(list) : "none (unknown card)");
	for (i = 0; i < vipcare_checkout_count(list); i++) {
		const char *id = vipcare_checkout_benefit(list, i);
		int32_t left = vipcare_checkout_left(list, i);

		vipcare_policy_benefit_index(p, id, &index);
		printf("  %-3s %-22s", vipcare_checkout_eligible(list, i) ? "yes" : "no",
		       vipcare_policy_benefit_name(p, index));
		if (!vipcare_checkout_eligible(list, i))
			printf(" %s", vipcare_reason_name(vipcare_checkout_reason(list, i)));
		else if (left < 0)
			printf(" unlimited");
		else
			printf(" %d left", (int)left);
		if (vipcare_checkout_period_end(list, i) != VIPCARE_DATE_NONE) {
			vipcare_date_format(end, sizeof(end), vipcare_checkout_period_end(list, i));
			printf(" (until %s)", end);
		}
		printf("\n");
	}
}

static void use(struct vipcare_engine *e, struct vipcare_checkout *list, const char *redemption,
		const char *customer, const char *benefit, const char *when, int quantity)
{
	int rc = vipcare_engine_redeem(e, redemption, customer, benefit, at(when), quantity, list);

	if (rc == VIPCARE_OK)
		printf("  -> %s x%d for %s: done%s, %d left\n", benefit, quantity, customer,
		       vipcare_checkout_replayed(list) ? " (already recorded: a retry)" : "",
		       (int)vipcare_checkout_left(list, 0));
	else
		printf("  -> %s x%d for %s: refused, %s\n", benefit, quantity, customer,
		       vipcare_engine_last_error(e));
}

int main(void)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_transaction *t = NULL;
	struct vipcare_customer *c = NULL;
	struct vipcare_checkout *list = NULL;

	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK || vipcare_transaction_new(&t) != VIPCARE_OK ||
	    vipcare_customer_new(&c) != VIPCARE_OK || vipcare_checkout_new(&list) != VIPCARE_OK)
		return 1;
	/* LIN was born in December; WANG has just joined */
	vipcare_customer_set_id(c, "LIN");
	vipcare_customer_set_birthday(c, 12, 8);
	vipcare_engine_add_customer(e, c);
	buy(e, t, "T1", "LIN", "2025-03-02T14:00", 4200000);
	buy(e, t, "T2", "LIN", "2025-09-12T18:30", 1500000);
	buy(e, t, "T3", "WANG", "2025-12-01T11:00", 38000);

	printf("libvipcare %s checkout session, policy \"%s\"\n", vipcare_version_string(),
	       vipcare_policy_name(vipcare_engine_policy(e)));
	screen(e, list, "LIN", "2025-12-06T10:15");
	use(e, list, "TILL3-0001", "LIN", "free_parking_hours", "2025-12-06T10:16", 2);
	use(e, list, "TILL3-0001", "LIN", "free_parking_hours", "2025-12-06T10:16", 2);
	use(e, list, "TILL3-0002", "LIN", "free_parking_hours", "2025-12-06T10:17", 2);
	use(e, list, "TILL3-0003", "LIN", "birthday_coupon", "2025-12-06T10:18", 1);
	screen(e, list, "LIN", "2025-12-06T16:40");
	screen(e, list, "WANG", "2025-12-06T11:02");
	use(e, list, "TILL3-0004", "WANG", "welcome_gift", "2025-12-06T11:03", 1);
	use(e, list, "TILL3-0005", "WANG", "free_parking_hours", "2025-12-06T11:03", 1);
	screen(e, list, "GUEST", "2025-12-06T12:00");

	vipcare_checkout_unref(list);
	vipcare_customer_unref(c);
	vipcare_transaction_unref(t);
	vipcare_engine_unref(e);
	return 0;
}
