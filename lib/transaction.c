/*
 * libvipcare — the reusable transaction record handle.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "engine-private.h"

VIPCARE_API void vipcare_transaction_clear(struct vipcare_transaction *t)
{
	int refcount;

	if (t == NULL)
		return;
	refcount = t->refcount;
	memset(t, 0, sizeof(*t));
	t->refcount = refcount;
	t->kind = VIPCARE_TXN_SALE;
}

VIPCARE_API int vipcare_transaction_new(struct vipcare_transaction **out)
{
	struct vipcare_transaction *t;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return VIPCARE_E_NO_MEMORY;
	t->refcount = 1;
	vipcare_transaction_clear(t);
	*out = t;
	return VIPCARE_OK;
}

VIPCARE_API struct vipcare_transaction *vipcare_transaction_ref(struct vipcare_transaction *t)
{
	if (t != NULL)
		t->refcount++;
	return t;
}

VIPCARE_API struct vipcare_transaction *vipcare_transaction_unref(struct vipcare_transaction *t)
{
	if (t != NULL && --t->refcount == 0)
		free(t);
	return NULL;
}

VIPCARE_API const char *vipcare_transaction_last_error(const struct vipcare_transaction *t)
{
	return t == NULL ? "" : t->last_error;
}

VIPCARE_API int vipcare_transaction_set_id(struct vipcare_transaction *t, const char *id)
{
	if (t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__copy_id(t->last_error, t->id, &t->id_len, "transaction id", id, 0);
}

VIPCARE_API int vipcare_transaction_set_customer(struct vipcare_transaction *t, const char *customer_id)
{
	if (t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__copy_id(t->last_error, t->customer, &t->customer_len, "customer id",
				customer_id, 0);
}

VIPCARE_API int vipcare_transaction_set_timestamp(struct vipcare_transaction *t, int64_t ts)
{
	if (t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (ts < VIPCARE_TIMESTAMP_MIN || ts > VIPCARE_TIMESTAMP_MAX)
		return vipcare__fail(t->last_error, VIPCARE_E_TIMESTAMP,
				     "timestamp %lld is outside 1900-01-01T00:00:00 .. 9999-12-31T23:59:59",
				     (long long)ts);
	t->timestamp = ts;
	t->has_timestamp = 1;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_transaction_set_amount(struct vipcare_transaction *t, int64_t amount)
{
	char text[VIPCARE_MONEY_BUFSIZE];

	if (t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (amount <= 0 || amount > VIPCARE_AMOUNT_MAX) {
		vipcare_money_format(text, sizeof(text), amount);
		return vipcare__fail(t->last_error, VIPCARE_E_MONEY,
				     "amount %s is not within 0.01 .. 10000000000000.00 "
				     "(the kind, not the sign, marks a refund)", text);
	}
	t->amount = amount;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_transaction_set_kind(struct vipcare_transaction *t, int kind)
{
	if (t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (kind != VIPCARE_TXN_SALE && kind != VIPCARE_TXN_REFUND)
		return vipcare__fail(t->last_error, VIPCARE_E_RANGE,
				     "transaction kind %d is neither sale (0) nor refund (1)", kind);
	t->kind = kind;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_transaction_set_store(struct vipcare_transaction *t, const char *store)
{
	if (t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__copy_id(t->last_error, t->store, &t->store_len, "store id", store, 1);
}

VIPCARE_API int vipcare_transaction_set_category(struct vipcare_transaction *t, const char *category)
{
	if (t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__copy_id(t->last_error, t->category, &t->category_len, "category", category,
				1);
}

VIPCARE_API int vipcare_transaction_set_original(struct vipcare_transaction *t, const char *original_id)
{
	if (t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__copy_id(t->last_error, t->original, &t->original_len,
				"original transaction id", original_id, 1);
}

VIPCARE_API const char *vipcare_transaction_id(const struct vipcare_transaction *t)
{
	return t == NULL ? "" : t->id;
}

VIPCARE_API const char *vipcare_transaction_customer(const struct vipcare_transaction *t)
{
	return t == NULL ? "" : t->customer;
}

VIPCARE_API int64_t vipcare_transaction_timestamp(const struct vipcare_transaction *t)
{
	return t == NULL ? 0 : t->timestamp;
}

VIPCARE_API int64_t vipcare_transaction_amount(const struct vipcare_transaction *t)
{
	return t == NULL ? 0 : t->amount;
}

VIPCARE_API int vipcare_transaction_kind(const struct vipcare_transaction *t)
{
	return t == NULL ? VIPCARE_E_INVALID_ARGUMENT : t->kind;
}

VIPCARE_API const char *vipcare_transaction_store(const struct vipcare_transaction *t)
{
	return t == NULL ? "" : t->store;
}

VIPCARE_API const char *vipcare_transaction_category(const struct vipcare_transaction *t)
{
	return t == NULL ? "" : t->category;
}

VIPCARE_API const char *vipcare_transaction_original(const struct vipcare_transaction *t)
{
	return t == NULL ? "" : t->original;
}
