/*
 * libvipcare — care records: the outcomes of the contacts the staff made.
 * Each customer's records chain backwards from a side array, so the
 * customer record itself does not grow for malls that keep no care log.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "durability-private.h"

static const char *const outcome_names[] = { "reached", "no_answer", "declined" };

VIPCARE_API const char *vipcare_care_outcome_name(int outcome)
{
	if (outcome < 0 || outcome > VIPCARE_OUTCOME_DECLINED)
		return NULL;
	return outcome_names[outcome];
}

VIPCARE_API int vipcare_care_outcome_from_name(const char *name)
{
	int i;

	if (name == NULL)
		return VIPCARE_E_RANGE;
	for (i = 0; i <= VIPCARE_OUTCOME_DECLINED; i++) {
		if (strcmp(name, outcome_names[i]) == 0)
			return i;
	}
	return VIPCARE_E_RANGE;
}

/* Occasion keys: printable ASCII, no spaces, as the agenda writes them. */
static int check_occasion(struct vipcare_engine *e, const char *occasion, size_t len)
{
	char quoted[64];
	size_t i;

	for (i = 0; i < len; i++) {
		if (occasion[i] <= ' ' || occasion[i] > '~')
			break;
	}
	if (len >= 1 && len <= VIPCARE_OCCASION_MAX && i == len)
		return VIPCARE_OK;
	vipcare__quote(quoted, sizeof(quoted), occasion, len);
	return vipcare__fail(e->last_error, VIPCARE_E_ID,
			     "occasion key %s: 1..%d bytes of printable ASCII without spaces expected",
			     quoted, VIPCARE_OCCASION_MAX);
}

/* Makes the side array cover every customer: VIPCARE_OK or VIPCARE_E_NO_MEMORY. */
static int cover_customers(struct vipcare_engine *e)
{
	size_t need = e->customers.count, cap = e->care_last_count, i;
	uint32_t *grown;

	if (need <= cap)
		return VIPCARE_OK;
	if (cap == 0)
		cap = 64;
	while (cap < need)
		cap *= 2;
	grown = vipcare__mem_resize(&e->mem, e->care_last, e->care_last_count * sizeof(uint32_t),
				    cap * sizeof(uint32_t));
	if (grown == NULL)
		return VIPCARE_E_NO_MEMORY;
	for (i = e->care_last_count; i < cap; i++)
		grown[i] = VIPCARE__NONE;
	e->care_last = grown;
	e->care_last_count = cap;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_record_care(struct vipcare_engine *e, const char *customer_id,
					   int kind, const char *occasion, int32_t date, int outcome)
{
	struct vipcare__care_record *r;
	char quoted[64];
	size_t len;
	uint32_t cust, number = 0;
	int rc;

	if (e == NULL || customer_id == NULL || occasion == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (kind < 0 || kind >= VIPCARE_CARE_KINDS)
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE, "care kind %d is not 0..%d", kind,
				     VIPCARE_CARE_KINDS - 1);
	if (outcome < 0 || outcome > VIPCARE_OUTCOME_DECLINED)
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE,
				     "care outcome %d is not reached (0), no_answer (1) or declined (2)",
				     outcome);
	if (date < VIPCARE_DATE_MIN || date > VIPCARE_DATE_MAX)
		return vipcare__fail(e->last_error, VIPCARE_E_DATE,
				     "care date %ld is outside 1900-01-01 .. 9999-12-31", (long)date);
	rc = check_occasion(e, occasion, strlen(occasion));
	if (rc != VIPCARE_OK)
		return rc;
	len = strlen(customer_id);
	cust = vipcare__engine_find_customer(e, customer_id, len);
	if (cust == VIPCARE__NONE) {
		vipcare__quote(quoted, sizeof(quoted), customer_id, len);
		return vipcare__fail(e->last_error, VIPCARE_E_UNKNOWN_CUSTOMER,
				     "care record for customer %s, who is not known", quoted);
	}
	if (e->care_records.count >= (size_t)UINT32_MAX - 1)
		return vipcare__fail(e->last_error, VIPCARE_E_LIMIT,
				     "the engine holds its maximum of care records");
	rc = cover_customers(e);
	if (rc == VIPCARE_OK)
		rc = vipcare__blocks_reserve(&e->mem, &e->care_records);
	if (rc == VIPCARE_OK)
		rc = vipcare__intern(&e->mem, &e->pool, &e->occasions, occasion, strlen(occasion), &number);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no room for a care record: %s",
				     vipcare_strerror(rc));
	if (e->journal != NULL &&
	    (rc = vipcare__log_care(e, customer_id, kind, occasion, date, outcome)) != VIPCARE_OK)
		return rc;
	r = vipcare__blocks_push(&e->care_records);
	r->customer = cust;
	r->occasion = number;
	r->date = date;
	r->kind = (uint8_t)kind;
	r->outcome = (uint8_t)outcome;
	r->prev = e->care_last[cust];
	e->care_last[cust] = (uint32_t)(e->care_records.count - 1);
	e->generation++;
	return VIPCARE_OK;
}

VIPCARE_API size_t vipcare_engine_care_count(const struct vipcare_engine *e)
{
	return e == NULL ? 0 : e->care_records.count;
}

int vipcare__care_recorded(const struct vipcare_engine *e, uint32_t cust, int kind,
			   const char *occasion)
{
	uint32_t number, i;

	if (cust >= e->care_last_count)
		return 0;
	number = vipcare__interned_find(&e->pool, &e->occasions, occasion, strlen(occasion));
	if (number == 0)
		return 0;
	for (i = e->care_last[cust]; i != VIPCARE__NONE;) {
		const struct vipcare__care_record *r = vipcare__blocks_at(&e->care_records, i);

		if (r->kind == kind && r->occasion == number)
			return 1;
		i = r->prev;
	}
	return 0;
}

int32_t vipcare__care_first_date(const struct vipcare_engine *e, uint32_t cust, int kind,
				 const char *occasion)
{
	int32_t first = VIPCARE_DATE_NONE;
	uint32_t number, i;

	if (cust >= e->care_last_count)
		return first;
	number = vipcare__interned_find(&e->pool, &e->occasions, occasion, strlen(occasion));
	if (number == 0)
		return first;
	for (i = e->care_last[cust]; i != VIPCARE__NONE;) {
		const struct vipcare__care_record *r = vipcare__blocks_at(&e->care_records, i);

		if (r->kind == kind && r->occasion == number &&
		    (first == VIPCARE_DATE_NONE || r->date < first))
			first = r->date;
		i = r->prev;
	}
	return first;
}

VIPCARE_API int vipcare_engine_care_recorded(struct vipcare_engine *e, const char *customer_id,
					     int kind, const char *occasion)
{
	uint32_t cust;
	size_t len;

	if (e == NULL || customer_id == NULL || occasion == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (kind < 0 || kind >= VIPCARE_CARE_KINDS)
		return VIPCARE_E_RANGE;
	len = strlen(customer_id);
	cust = vipcare__engine_find_customer(e, customer_id, len);
	return cust == VIPCARE__NONE ? 0 : vipcare__care_recorded(e, cust, kind, occasion);
}
