/*
 * Small helpers shared by the unit tests: parse dates and timestamps
 * through the public API and record transactions in one line.
 */
#ifndef VIPCARE_TEST_HELPERS_H
#define VIPCARE_TEST_HELPERS_H

#include <string.h>

#include <vipcare/vipcare.h>

static inline int32_t day_of(const char *text)
{
	int32_t d = VIPCARE_DATE_NONE;

	assert_int_equal(vipcare_date_parse(&d, text, strlen(text), NULL, 0), VIPCARE_OK);
	return d;
}

static inline int64_t ts_of(const char *text)
{
	int64_t t = 0;

	assert_int_equal(vipcare_timestamp_parse(&t, text, strlen(text), NULL, 0), VIPCARE_OK);
	return t;
}

/* Records a transaction; returns the engine's status. */
static inline int record(struct vipcare_engine *e, const char *id, const char *customer,
			 const char *when, int64_t amount, int kind, const char *original)
{
	struct vipcare_transaction *t = NULL;
	int rc;

	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_id(t, id), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_customer(t, customer), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_timestamp(t, ts_of(when)), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_amount(t, amount), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_kind(t, kind), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_original(t, original), VIPCARE_OK);
	rc = vipcare_engine_add_transaction(e, t);
	vipcare_transaction_unref(t);
	return rc;
}

static inline void sale(struct vipcare_engine *e, const char *id, const char *customer,
			const char *when, int64_t amount)
{
	assert_int_equal(record(e, id, customer, when, amount, VIPCARE_TXN_SALE, NULL), VIPCARE_OK);
}

static inline void refund(struct vipcare_engine *e, const char *id, const char *customer,
			  const char *when, int64_t amount, const char *original)
{
	assert_int_equal(record(e, id, customer, when, amount, VIPCARE_TXN_REFUND, original),
			 VIPCARE_OK);
}

#endif
