/*
 * Recording customers and transactions: duplicates, refund rules,
 * customers first seen in a transaction, read-back, allocation failures.
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

static struct vipcare_engine *new_engine(void)
{
	struct vipcare_engine *e = NULL;

	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	assert_non_null(e);
	return e;
}

static void test_duplicate_transaction_is_reported_and_ignored(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_transaction *t = NULL;

	(void)state;
	sale(e, "T1", "C1", "2025-03-01T10:00", 10000);
	assert_int_equal(record(e, "T1", "C2", "2025-03-02T10:00", 99999, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_E_DUPLICATE);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"T1\""));
	assert_int_equal(vipcare_engine_transaction_count(e), 1);
	/* the retried transaction created no customer */
	assert_int_equal(vipcare_engine_customer_count(e), 1);
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_engine_get_transaction(e, "T1", t), VIPCARE_OK);
	assert_string_equal(vipcare_transaction_customer(t), "C1");
	assert_int_equal(vipcare_transaction_amount(t), 10000);
	assert_int_equal(vipcare_transaction_timestamp(t), ts_of("2025-03-01T10:00"));
	vipcare_transaction_unref(t);
	vipcare_engine_unref(e);
}

static void test_transaction_read_back(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_transaction *t = NULL, *back = NULL;

	(void)state;
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_id(t, "POS7-000123"), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_customer(t, "会员-001"), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_timestamp(t, ts_of("2025-05-04 18:30:15")), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_amount(t, 123456), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_store(t, "B1-12"), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_category(t, "fashion"), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_transaction(e, t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_new(&back), VIPCARE_OK);
	assert_int_equal(vipcare_engine_get_transaction(e, "POS7-000123", back), VIPCARE_OK);
	assert_string_equal(vipcare_transaction_id(back), "POS7-000123");
	assert_string_equal(vipcare_transaction_customer(back), "会员-001");
	assert_int_equal(vipcare_transaction_timestamp(back), ts_of("2025-05-04T18:30:15"));
	assert_int_equal(vipcare_transaction_amount(back), 123456);
	assert_int_equal(vipcare_transaction_kind(back), VIPCARE_TXN_SALE);
	assert_string_equal(vipcare_transaction_store(back), "B1-12");
	assert_string_equal(vipcare_transaction_category(back), "fashion");
	assert_string_equal(vipcare_transaction_original(back), "");
	/* a record read back is recorded as the one set field by field */
	assert_int_equal(vipcare_engine_add_transaction(e, back), VIPCARE_E_DUPLICATE);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"POS7-000123\""));
	{
		struct vipcare_engine *other = new_engine();

		assert_int_equal(vipcare_engine_add_transaction(other, back), VIPCARE_OK);
		assert_int_equal(vipcare_engine_get_transaction(other, "POS7-000123", t), VIPCARE_OK);
		assert_string_equal(vipcare_transaction_customer(t), "会员-001");
		assert_string_equal(vipcare_transaction_store(t), "B1-12");
		assert_string_equal(vipcare_transaction_category(t), "fashion");
		assert_int_equal(vipcare_engine_customer_count(other), 1);
		vipcare_engine_unref(other);
	}
	/* a refused id leaves the one before, and what recording reads of it */
	assert_int_equal(vipcare_transaction_set_id(t, "POS7-000124"), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_id(t, "bad\x01id-that-is-longer"), VIPCARE_E_ID);
	assert_int_equal(vipcare_transaction_set_store(t, "bad\x7fstore"), VIPCARE_E_ID);
	assert_int_equal(vipcare_engine_add_transaction(e, t), VIPCARE_OK);
	assert_int_equal(vipcare_engine_get_transaction(e, "POS7-000124", back), VIPCARE_OK);
	assert_string_equal(vipcare_transaction_store(back), "B1-12");
	assert_int_equal(vipcare_engine_get_transaction(e, "nope", back), VIPCARE_E_UNKNOWN_TRANSACTION);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"nope\""));
	vipcare_transaction_unref(back);
	vipcare_transaction_unref(t);
	vipcare_engine_unref(e);
}

static void test_refund_of_unknown_original_is_accepted_unlinked(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_transaction *t = NULL;

	(void)state;
	refund(e, "R1", "C1", "2025-03-05", 5000, "OLD-42");
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_engine_get_transaction(e, "R1", t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_kind(t), VIPCARE_TXN_REFUND);
	assert_int_equal(vipcare_transaction_amount(t), 5000);
	assert_string_equal(vipcare_transaction_original(t), "OLD-42");
	/* a later sale with that id does not link the earlier refund, nor is limited by it */
	sale(e, "OLD-42", "C1", "2025-03-06", 1000);
	refund(e, "R2", "C1", "2025-03-07", 1000, "OLD-42");
	assert_int_equal(record(e, "R3", "C1", "2025-03-07", 1, VIPCARE_TXN_REFUND, "OLD-42"),
			 VIPCARE_E_REFUND_EXCEEDS);
	vipcare_transaction_unref(t);
	vipcare_engine_unref(e);
}

static void test_refund_larger_than_what_is_left(void **state)
{
	struct vipcare_engine *e = new_engine();

	(void)state;
	sale(e, "S1", "C1", "2025-03-01", 10000);
	refund(e, "R1", "C1", "2025-03-02", 6000, "S1");
	assert_int_equal(record(e, "R2", "C1", "2025-03-03", 4001, VIPCARE_TXN_REFUND, "S1"),
			 VIPCARE_E_REFUND_EXCEEDS);
	assert_non_null(strstr(vipcare_engine_last_error(e), "40.00"));
	assert_non_null(strstr(vipcare_engine_last_error(e), "40.01"));
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"S1\""));
	assert_int_equal(vipcare_engine_transaction_count(e), 2);
	refund(e, "R2", "C1", "2025-03-03", 4000, "S1");
	assert_int_equal(record(e, "R3", "C1", "2025-03-04", 1, VIPCARE_TXN_REFUND, "S1"),
			 VIPCARE_E_REFUND_EXCEEDS);
	{
		struct vipcare_transaction *t = NULL;

		assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
		assert_int_equal(vipcare_engine_get_transaction(e, "R2", t), VIPCARE_OK);
		assert_string_equal(vipcare_transaction_original(t), "S1");
		assert_int_equal(vipcare_transaction_kind(t), VIPCARE_TXN_REFUND);
		assert_int_equal(vipcare_transaction_amount(t), 4000);
		assert_int_equal(vipcare_engine_get_transaction(e, "S1", t), VIPCARE_OK);
		assert_string_equal(vipcare_transaction_original(t), "");
		vipcare_transaction_unref(t);
	}
	/* a refund dated before its known original is accepted */
	sale(e, "S2", "C1", "2025-04-01", 5000);
	refund(e, "R4", "C1", "2025-03-15", 5000, "S2");
	assert_int_equal(vipcare_engine_transaction_count(e), 5);
	vipcare_engine_unref(e);
}

static void test_refund_of_refund_and_of_another_customer(void **state)
{
	struct vipcare_engine *e = new_engine();

	(void)state;
	sale(e, "S1", "C1", "2025-03-01", 10000);
	refund(e, "R1", "C1", "2025-03-02", 100, "S1");
	assert_int_equal(record(e, "R2", "C1", "2025-03-03", 50, VIPCARE_TXN_REFUND, "R1"),
			 VIPCARE_E_REFUND_OF_REFUND);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"R1\""));
	assert_int_equal(record(e, "R3", "C2", "2025-03-03", 50, VIPCARE_TXN_REFUND, "S1"),
			 VIPCARE_E_REFUND_CUSTOMER);
	/* the refused refund did not create customer C2 */
	assert_int_equal(vipcare_engine_customer_count(e), 1);
	sale(e, "S9", "C2", "2025-03-01", 100);
	assert_int_equal(record(e, "R4", "C2", "2025-03-03", 50, VIPCARE_TXN_REFUND, "S1"),
			 VIPCARE_E_REFUND_CUSTOMER);
	/* the original id on a sale is ignored */
	assert_int_equal(record(e, "S3", "C2", "2025-03-04", 70, VIPCARE_TXN_SALE, "S1"), VIPCARE_OK);
	vipcare_engine_unref(e);
}

static void test_customer_first_seen_in_transaction(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_customer *c = NULL, *back = NULL;
	int32_t joined = 0;
	int ch;

	(void)state;
	sale(e, "T1", "C1", "2025-03-01T09:00", 100);
	assert_int_equal(vipcare_customer_new(&back), VIPCARE_OK);
	assert_int_equal(vipcare_engine_get_customer(e, "C1", back), VIPCARE_OK);
	for (ch = 0; ch < VIPCARE_CHANNEL_COUNT; ch++)
		assert_int_equal(vipcare_customer_consent(back, ch), 0);
	assert_int_equal(vipcare_customer_marketing_opt_out(back), 0);
	assert_int_equal(vipcare_customer_joined(back), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_engine_effective_joined(e, "C1", &joined), VIPCARE_OK);
	assert_int_equal(joined, day_of("2025-03-01"));

	/* its own record may follow once; it does not move an earlier first purchase */
	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, "C1"), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_joined(c, day_of("2025-06-01")), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_birthday(c, 2, 29), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_consent(c, VIPCARE_CHANNEL_WECHAT, 1), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_marketing_opt_out(c, 1), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_advisor(c, "ADV-7"), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	assert_int_equal(vipcare_engine_effective_joined(e, "C1", &joined), VIPCARE_OK);
	assert_int_equal(joined, day_of("2025-03-01"));
	assert_int_equal(vipcare_engine_get_customer(e, "C1", back), VIPCARE_OK);
	assert_int_equal(vipcare_customer_joined(back), day_of("2025-06-01"));
	assert_int_equal(vipcare_customer_consent(back, VIPCARE_CHANNEL_WECHAT), 1);
	assert_int_equal(vipcare_customer_consent(back, VIPCARE_CHANNEL_SMS), 0);
	assert_int_equal(vipcare_customer_marketing_opt_out(back), 1);
	assert_string_equal(vipcare_customer_advisor(back), "ADV-7");
	{
		int32_t m = 0, d = 0;

		assert_int_equal(vipcare_customer_birthday(back, &m, &d), 1);
		assert_int_equal(m, 2);
		assert_int_equal(d, 29);
	}
	/* a second record is a duplicate and the first stays */
	assert_int_equal(vipcare_customer_set_marketing_opt_out(c, 0), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_E_DUPLICATE);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"C1\""));
	assert_int_equal(vipcare_engine_get_customer(e, "C1", back), VIPCARE_OK);
	assert_int_equal(vipcare_customer_marketing_opt_out(back), 1);
	assert_int_equal(vipcare_engine_customer_count(e), 1);
	vipcare_customer_unref(c);
	vipcare_customer_unref(back);
	vipcare_engine_unref(e);
}

static void test_effective_joined(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_customer *c = NULL;
	int32_t joined = 0;

	(void)state;
	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, "NOSALE"), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	assert_int_equal(vipcare_engine_effective_joined(e, "NOSALE", &joined), VIPCARE_OK);
	assert_int_equal(joined, VIPCARE_DATE_NONE);

	vipcare_customer_clear(c);
	assert_int_equal(vipcare_customer_set_id(c, "EARLY"), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_joined(c, day_of("2024-01-10")), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	sale(e, "T1", "EARLY", "2025-02-01", 100);
	assert_int_equal(vipcare_engine_effective_joined(e, "EARLY", &joined), VIPCARE_OK);
	assert_int_equal(joined, day_of("2024-01-10"));
	/* a refund counts as a transaction of any kind */
	refund(e, "R1", "EARLY", "2023-12-31T23:59:59", 100, NULL);
	assert_int_equal(vipcare_engine_effective_joined(e, "EARLY", &joined), VIPCARE_OK);
	assert_int_equal(joined, day_of("2023-12-31"));
	assert_int_equal(vipcare_engine_effective_joined(e, "GHOST", &joined),
			 VIPCARE_E_UNKNOWN_CUSTOMER);
	vipcare_customer_unref(c);
	vipcare_engine_unref(e);
}

static void test_bad_records_are_refused_with_the_field(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_transaction *t = NULL;
	struct vipcare_customer *c = NULL;
	char long_id[80];

	(void)state;
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_transaction(e, t), VIPCARE_E_INCOMPLETE);
	assert_non_null(strstr(vipcare_engine_last_error(e), "id"));
	assert_int_equal(vipcare_transaction_set_id(t, "T1"), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_customer(t, "C1"), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_transaction(e, t), VIPCARE_E_INCOMPLETE);
	assert_non_null(strstr(vipcare_engine_last_error(e), "timestamp"));
	assert_int_equal(vipcare_transaction_set_timestamp(t, ts_of("2025-01-01")), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_transaction(e, t), VIPCARE_E_INCOMPLETE);
	assert_non_null(strstr(vipcare_engine_last_error(e), "amount"));
	assert_int_equal(vipcare_transaction_set_amount(t, 0), VIPCARE_E_MONEY);
	assert_non_null(strstr(vipcare_transaction_last_error(t), "0.00"));
	assert_int_equal(vipcare_transaction_set_amount(t, -500), VIPCARE_E_MONEY);
	assert_int_equal(vipcare_transaction_set_amount(t, VIPCARE_AMOUNT_MAX + 1), VIPCARE_E_MONEY);
	assert_int_equal(vipcare_transaction_set_kind(t, 2), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_transaction_set_timestamp(t, VIPCARE_TIMESTAMP_MAX + 1),
			 VIPCARE_E_TIMESTAMP);
	memset(long_id, 'x', 65);
	long_id[65] = '\0';
	assert_int_equal(vipcare_transaction_set_id(t, long_id), VIPCARE_E_ID);
	assert_non_null(strstr(vipcare_transaction_last_error(t), "65 bytes"));
	assert_int_equal(vipcare_transaction_set_customer(t, "bad\nid"), VIPCARE_E_ID);
	assert_non_null(strstr(vipcare_transaction_last_error(t), "control character"));
	assert_int_equal(vipcare_transaction_set_customer(t, "bad\xff"), VIPCARE_E_ID);
	assert_non_null(strstr(vipcare_transaction_last_error(t), "invalid UTF-8"));
	assert_int_equal(vipcare_transaction_set_customer(t, ""), VIPCARE_E_ID);
	/* the failed setters kept the good values */
	assert_string_equal(vipcare_transaction_id(t), "T1");
	assert_string_equal(vipcare_transaction_customer(t), "C1");
	assert_int_equal(vipcare_engine_transaction_count(e), 0);
	assert_int_equal(vipcare_engine_customer_count(e), 0);

	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_E_INCOMPLETE);
	assert_int_equal(vipcare_customer_set_birthday(c, 2, 30), VIPCARE_E_DATE);
	assert_int_equal(vipcare_customer_set_birthday(c, 13, 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_customer_set_consent(c, 5, 1), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_customer_set_marketing_opt_out(c, 2), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_customer_set_override(c, "none", VIPCARE_DATE_NONE), VIPCARE_E_ID);
	assert_int_equal(vipcare_customer_set_id(c, "C9"), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_override(c, "bronze", VIPCARE_DATE_NONE), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_E_UNKNOWN_TIER);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"bronze\""));
	assert_int_equal(vipcare_engine_customer_count(e), 0);
	vipcare_customer_unref(c);
	vipcare_transaction_unref(t);
	vipcare_engine_unref(e);
}

static void test_channels(void **state)
{
	(void)state;
	assert_string_equal(vipcare_channel_name(VIPCARE_CHANNEL_SMS), "sms");
	assert_string_equal(vipcare_channel_name(VIPCARE_CHANNEL_APP), "app");
	assert_null(vipcare_channel_name(5));
	assert_int_equal(vipcare_channel_from_name("wechat"), VIPCARE_CHANNEL_WECHAT);
	assert_int_equal(vipcare_channel_from_name("email"), VIPCARE_CHANNEL_EMAIL);
	assert_int_equal(vipcare_channel_from_name("fax"), VIPCARE_E_RANGE);
}

/* An allocator that fails after a budget of calls, to prove failed calls change nothing. */
struct budget {
	long calls_left;
	long live;
};

static void *budget_realloc(void *ptr, size_t size, void *user_data)
{
	struct budget *b = user_data;

	if (b->calls_left-- <= 0)
		return NULL;
	if (ptr == NULL)
		b->live++;
	return realloc(ptr, size);
}

static void budget_free(void *ptr, void *user_data)
{
	struct budget *b = user_data;

	if (ptr != NULL)
		b->live--;
	free(ptr);
}

static void test_allocation_failure_changes_nothing(void **state)
{
	long budget_calls;

	(void)state;
	for (budget_calls = 1; budget_calls < 60; budget_calls++) {
		struct budget b = { budget_calls, 0 };
		struct vipcare_engine *e = NULL;
		size_t accepted = 0, i;
		char id[32], cust[32];

		if (vipcare_engine_new_with_allocator(&e, NULL, budget_realloc, budget_free, &b) != VIPCARE_OK) {
			assert_int_equal(b.live, 0);
			continue;
		}
		for (i = 0; i < 20000; i++) {
			int rc;

			snprintf(id, sizeof(id), "T%zu", i);
			snprintf(cust, sizeof(cust), "C%zu", i % 300);
			rc = record(e, id, cust, "2025-01-01T12:00", 100, VIPCARE_TXN_SALE, NULL);
			if (rc == VIPCARE_OK) {
				accepted++;
			} else {
				assert_int_equal(rc, VIPCARE_E_NO_MEMORY);
				break;
			}
		}
		assert_int_equal(vipcare_engine_transaction_count(e), accepted);
		/* everything accepted is still there and consistent */
		for (i = 0; i < accepted; i += 97) {
			struct vipcare_transaction *t = NULL;

			snprintf(id, sizeof(id), "T%zu", i);
			assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
			assert_int_equal(vipcare_engine_get_transaction(e, id, t), VIPCARE_OK);
			vipcare_transaction_unref(t);
		}
		assert_true(vipcare_engine_memory_used(e) > 0);
		vipcare_engine_unref(e);
		assert_int_equal(b.live, 0);
	}
}

static void test_many_transactions_and_memory(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_transaction *t = NULL;
	char id[32], cust[32];
	size_t i;

	(void)state;
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	for (i = 0; i < 200000; i++) {
		snprintf(id, sizeof(id), "TXN%07zu", i);
		snprintf(cust, sizeof(cust), "C%05zu", i % 10000);
		assert_int_equal(vipcare_transaction_set_id(t, id), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_customer(t, cust), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_timestamp(t, (int64_t)(20000 + i % 365) * 86400), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_amount(t, 1 + (int64_t)(i % 1000)), VIPCARE_OK);
		assert_int_equal(vipcare_engine_add_transaction(e, t), VIPCARE_OK);
	}
	assert_int_equal(vipcare_engine_transaction_count(e), 200000);
	assert_int_equal(vipcare_engine_customer_count(e), 10000);
	/* the storage stays within the documented bytes per transaction */
	assert_true(vipcare_engine_memory_used(e) < (size_t)200000 * 120 + 8 * 1024 * 1024);
	assert_int_equal(vipcare_engine_get_transaction(e, "TXN0123456", t), VIPCARE_OK);
	assert_string_equal(vipcare_transaction_customer(t), "C03456");
	assert_int_equal(vipcare_transaction_amount(t), 457);
	vipcare_transaction_unref(t);
	vipcare_engine_unref(e);
}

/* Fills @t with transaction @i of a reproducible mix: sales, refunds, retries. */
static void mixed_transaction(struct vipcare_transaction *t, size_t i)
{
	char id[32], cust[32], orig[32];
	size_t n = i % 7 == 3 ? i - 3 : i; /* every 7th record retries an earlier id */

	vipcare_transaction_clear(t);
	snprintf(id, sizeof(id), "T%06zu", n);
	snprintf(cust, sizeof(cust), "C%03zu", (n * 37) % 211);
	assert_int_equal(vipcare_transaction_set_id(t, id), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_customer(t, cust), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_timestamp(t, ts_of("2025-01-01") + (int64_t)n * 3607),
			 VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_amount(t, 100 + (int64_t)(n * 7919 % 500000)), VIPCARE_OK);
	if (n % 11 == 5) {
		/* a refund of this customer's sale 211 records before, which may exceed it */
		snprintf(orig, sizeof(orig), "T%06zu", n >= 211 ? n - 211 : n + 1);
		assert_int_equal(vipcare_transaction_set_kind(t, VIPCARE_TXN_REFUND), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_original(t, orig), VIPCARE_OK);
	}
}

static void test_batch_equals_one_by_one(void **state)
{
	struct vipcare_engine *single = new_engine(), *batched = new_engine();
	struct vipcare_transaction *one = NULL, *batch[100];
	struct vipcare_score_cursor *a = NULL, *b = NULL;
	const struct vipcare_score *sa, *sb;
	size_t i, k, done, accepted = 0, refused = 0, next = 0;
	const size_t total = 5000;

	(void)state;
	assert_int_equal(vipcare_transaction_new(&one), VIPCARE_OK);
	for (k = 0; k < 100; k++)
		assert_int_equal(vipcare_transaction_new(&batch[k]), VIPCARE_OK);
	for (i = 0; i < total; i++) {
		mixed_transaction(one, i);
		if (vipcare_engine_add_transaction(single, one) == VIPCARE_OK)
			accepted++;
		else
			refused++;
	}
	/* the retries and the refunds beyond their sale were refused */
	assert_true(refused > total / 7);
	while (next < total) {
		size_t n = total - next < 100 ? total - next : 100;
		int rc;

		for (k = 0; k < n; k++)
			mixed_transaction(batch[k], next + k);
		rc = vipcare_engine_add_transactions(batched, (const struct vipcare_transaction *const *)batch,
						     n, &done);
		assert_true(done <= n);
		if (rc == VIPCARE_OK) {
			assert_int_equal(done, n);
			next += n;
		} else {
			/* the failed record is refused alone, as the single call refuses it */
			assert_int_equal(vipcare_engine_add_transaction(batched, batch[done]), rc);
			next += done + 1;
		}
	}
	assert_int_equal(vipcare_engine_transaction_count(batched), accepted);
	assert_int_equal(vipcare_engine_transaction_count(single), accepted);
	assert_int_equal(vipcare_engine_customer_count(batched), vipcare_engine_customer_count(single));
	assert_int_equal(vipcare_score_cursor_new(&a, single, day_of("2025-12-31")), VIPCARE_OK);
	assert_int_equal(vipcare_score_cursor_new(&b, batched, day_of("2025-12-31")), VIPCARE_OK);
	assert_int_equal(vipcare_score_cursor_count(a), vipcare_score_cursor_count(b));
	while (vipcare_score_cursor_next(a, &sa) == 1) {
		assert_int_equal(vipcare_score_cursor_next(b, &sb), 1);
		assert_string_equal(vipcare_score_customer(sa), vipcare_score_customer(sb));
		assert_int_equal(vipcare_score_lifetime_spend(sa), vipcare_score_lifetime_spend(sb));
		assert_int_equal(vipcare_score_tier(sa), vipcare_score_tier(sb));
	}
	vipcare_score_cursor_unref(a);
	vipcare_score_cursor_unref(b);
	for (k = 0; k < 100; k++)
		vipcare_transaction_unref(batch[k]);
	vipcare_transaction_unref(one);
	vipcare_engine_unref(single);
	vipcare_engine_unref(batched);
}

static void test_batch_stops_at_the_first_failure(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_transaction *batch[40];
	size_t k, done = 99;
	char id[16];

	(void)state;
	for (k = 0; k < 40; k++) {
		assert_int_equal(vipcare_transaction_new(&batch[k]), VIPCARE_OK);
		snprintf(id, sizeof(id), "B%02zu", k == 30 ? (size_t)12 : k);
		assert_int_equal(vipcare_transaction_set_id(batch[k], id), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_customer(batch[k], "C1"), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_timestamp(batch[k], ts_of("2025-02-01")), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_amount(batch[k], 500), VIPCARE_OK);
	}
	assert_int_equal(vipcare_engine_add_transactions(e, (const struct vipcare_transaction *const *)batch,
							 40, &done), VIPCARE_E_DUPLICATE);
	assert_int_equal(done, 30);
	assert_int_equal(vipcare_engine_transaction_count(e), 30);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"B12\""));
	assert_int_equal(vipcare_engine_add_transactions(e, (const struct vipcare_transaction *const *)batch + 31,
							 9, &done), VIPCARE_OK);
	assert_int_equal(done, 9);
	assert_int_equal(vipcare_engine_transaction_count(e), 39);
	/* a NULL record refuses the whole batch before anything is recorded */
	vipcare_transaction_unref(batch[5]);
	batch[5] = NULL;
	assert_int_equal(vipcare_engine_add_transactions(e, (const struct vipcare_transaction *const *)batch,
							 40, &done), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(done, 0);
	assert_int_equal(vipcare_engine_transaction_count(e), 39);
	assert_int_equal(vipcare_engine_add_transactions(e, NULL, 0, &done), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_transactions(e, NULL, 1, &done), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_engine_add_transactions(e, NULL, 0, NULL), VIPCARE_E_INVALID_ARGUMENT);
	for (k = 0; k < 40; k++)
		vipcare_transaction_unref(batch[k]);
	vipcare_engine_unref(e);
}

/* One customer with 70,000 purchases: its chunks outgrow the arena's slabs. */
static void test_one_customer_with_many_transactions(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_transaction *t = NULL;
	struct vipcare_score *s = NULL;
	char id[32];
	int64_t sum = 0;
	size_t i;

	(void)state;
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_customer(t, "GUEST"), VIPCARE_OK);
	for (i = 0; i < 70000; i++) {
		/* not in time order: scoring must sort */
		int64_t when = ts_of("2025-01-01") + (int64_t)((i * 7919) % 70000) * 60;

		snprintf(id, sizeof(id), "G%zu", i);
		assert_int_equal(vipcare_transaction_set_id(t, id), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_timestamp(t, when), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_amount(t, 1 + (int64_t)(i % 97)), VIPCARE_OK);
		assert_int_equal(vipcare_engine_add_transaction(e, t), VIPCARE_OK);
		sum += 1 + (int64_t)(i % 97);
	}
	for (i = 0; i < 70000; i += 4999) {
		snprintf(id, sizeof(id), "G%zu", i);
		assert_int_equal(vipcare_engine_get_transaction(e, id, t), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_amount(t), 1 + (int64_t)(i % 97));
		assert_int_equal(vipcare_transaction_timestamp(t),
				 ts_of("2025-01-01") + (int64_t)((i * 7919) % 70000) * 60);
	}
	assert_int_equal(vipcare_score_new(&s), VIPCARE_OK);
	assert_int_equal(vipcare_engine_score(e, "GUEST", day_of("2025-12-31"), s), VIPCARE_OK);
	assert_int_equal(vipcare_score_lifetime_spend(s), sum);
	assert_int_equal(vipcare_score_net_spend(s), sum);
	/* 70,000 minutes from 2025-01-01 00:00: 49 days with sales, 2025-01-01 .. 2025-02-18 */
	assert_int_equal(vipcare_score_visits(s), 49);
	assert_int_equal(vipcare_score_first_sale(s), day_of("2025-01-01"));
	assert_int_equal(vipcare_score_last_sale(s), day_of("2025-02-18"));
	vipcare_score_unref(s);
	vipcare_transaction_unref(t);
	vipcare_engine_unref(e);
}

static void test_unref_null_and_order(void **state)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_policy *p = NULL;
	struct vipcare_score *s = NULL;

	(void)state;
	assert_null(vipcare_engine_unref(NULL));
	assert_null(vipcare_customer_unref(NULL));
	assert_null(vipcare_transaction_unref(NULL));
	assert_null(vipcare_score_unref(NULL));
	assert_null(vipcare_score_cursor_unref(NULL));
	assert_null(vipcare_policy_unref(NULL));
	assert_int_equal(vipcare_engine_new(NULL, NULL), VIPCARE_E_INVALID_ARGUMENT);
	/* the engine copies its policy: releasing the policy first is fine */
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_engine_new(&e, p), VIPCARE_OK);
	vipcare_policy_unref(p);
	assert_int_equal(vipcare_policy_tier_count(vipcare_engine_policy(e)), 4);
	sale(e, "T1", "C1", "2025-01-01", 100);
	assert_int_equal(vipcare_score_new(&s), VIPCARE_OK);
	assert_int_equal(vipcare_engine_score(e, "C1", day_of("2025-01-01"), s), VIPCARE_OK);
	vipcare_engine_unref(e);
	/* a score owns its strings */
	assert_string_equal(vipcare_score_tier_name(s), "member");
	vipcare_score_unref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duplicate_transaction_is_reported_and_ignored),
		cmocka_unit_test(test_transaction_read_back),
		cmocka_unit_test(test_refund_of_unknown_original_is_accepted_unlinked),
		cmocka_unit_test(test_refund_larger_than_what_is_left),
		cmocka_unit_test(test_refund_of_refund_and_of_another_customer),
		cmocka_unit_test(test_customer_first_seen_in_transaction),
		cmocka_unit_test(test_effective_joined),
		cmocka_unit_test(test_bad_records_are_refused_with_the_field),
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_allocation_failure_changes_nothing),
		cmocka_unit_test(test_many_transactions_and_memory),
		cmocka_unit_test(test_one_customer_with_many_transactions),
		cmocka_unit_test(test_batch_equals_one_by_one),
		cmocka_unit_test(test_batch_stops_at_the_first_failure),
		cmocka_unit_test(test_unref_null_and_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
