/*
 * libvipcare — what customers tell the mall: survey responses (NPS,
 * CSAT) and service requests (inquiries, complaints), kept for the KPIs.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "durability-private.h"

static int timestamp_ok(int64_t ts)
{
	return ts >= VIPCARE_TIMESTAMP_MIN && ts <= VIPCARE_TIMESTAMP_MAX;
}

/* The customer number of a known customer, or VIPCARE__NONE with the message. */
static uint32_t known(struct vipcare_engine *e, const char *what, const char *customer_id)
{
	size_t len = strlen(customer_id);
	uint32_t cust = vipcare__engine_find_customer(e, customer_id, len);
	char quoted[64];

	if (cust == VIPCARE__NONE) {
		vipcare__quote(quoted, sizeof(quoted), customer_id, len);
		vipcare__fail(e->last_error, VIPCARE_E_UNKNOWN_CUSTOMER,
			      "%s for customer %s, who is not known", what, quoted);
	}
	return cust;
}

VIPCARE_API int vipcare_engine_add_survey(struct vipcare_engine *e, const char *customer_id,
					  int64_t ts, int kind, int score)
{
	struct vipcare__survey *s;
	uint32_t cust;
	int rc;

	if (e == NULL || customer_id == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (kind != VIPCARE_SURVEY_NPS && kind != VIPCARE_SURVEY_CSAT)
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "survey kind %d is not nps (0) or csat (1)", kind);
	if (!timestamp_ok(ts))
		return vipcare__fail(e->last_error, VIPCARE_E_TIMESTAMP,
				     "survey timestamp %lld is outside 1900-01-01 .. 9999-12-31",
				     (long long)ts);
	if (kind == VIPCARE_SURVEY_NPS ? (score < 0 || score > 10) : (score < 1 || score > 5))
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE, "%s score %d is not %s",
				     vipcare_survey_kind_name(kind), score,
				     kind == VIPCARE_SURVEY_NPS ? "0..10" : "1..5");
	cust = known(e, "survey response", customer_id);
	if (cust == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	if (e->surveys.count >= (size_t)UINT32_MAX - 1)
		return vipcare__fail(e->last_error, VIPCARE_E_LIMIT,
				     "the engine holds its maximum of survey responses");
	rc = vipcare__blocks_reserve(&e->mem, &e->surveys);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no room for a survey response");
	if (e->journal != NULL &&
	    (rc = vipcare__log_survey(e, customer_id, ts, kind, score)) != VIPCARE_OK)
		return rc;
	s = vipcare__blocks_push(&e->surveys);
	s->ts = ts;
	s->customer = cust;
	s->kind = (uint8_t)kind;
	s->score = (uint8_t)score;
	e->generation++;
	return VIPCARE_OK;
}

static int request_equal(const void *owner, uint32_t index, const char *s, size_t len)
{
	const struct vipcare_engine *e = owner;
	const struct vipcare__service *r = vipcare__blocks_at(&e->service, index);

	return vipcare__pool_equal(&e->pool, r->id, s, len);
}

VIPCARE_API int vipcare_engine_add_service_request(struct vipcare_engine *e, const char *request_id,
						   const char *customer_id, int kind, int64_t opened,
						   int64_t first_response, int64_t resolved)
{
	struct vipcare__service *r;
	char quoted[64];
	size_t len;
	uint32_t hash, cust, id_ref = 0;
	int rc;

	if (e == NULL || request_id == NULL || customer_id == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	len = strlen(request_id);
	rc = vipcare__check_id(e->last_error, "service request id", request_id, len);
	if (rc != VIPCARE_OK)
		return rc;
	vipcare__quote(quoted, sizeof(quoted), request_id, len);
	if (kind != VIPCARE_SERVICE_INQUIRY && kind != VIPCARE_SERVICE_COMPLAINT)
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "service request %s: kind %d is not inquiry (0) or complaint (1)",
				     quoted, kind);
	if (!timestamp_ok(opened))
		return vipcare__fail(e->last_error, VIPCARE_E_TIMESTAMP,
				     "service request %s: opened %lld is outside 1900-01-01 .. 9999-12-31",
				     quoted, (long long)opened);
	if (first_response != VIPCARE_TIMESTAMP_NONE && !timestamp_ok(first_response))
		return vipcare__fail(e->last_error, VIPCARE_E_TIMESTAMP,
				     "service request %s: first_response %lld is outside 1900-01-01 .. 9999-12-31",
				     quoted, (long long)first_response);
	if (resolved != VIPCARE_TIMESTAMP_NONE && !timestamp_ok(resolved))
		return vipcare__fail(e->last_error, VIPCARE_E_TIMESTAMP,
				     "service request %s: resolved %lld is outside 1900-01-01 .. 9999-12-31",
				     quoted, (long long)resolved);
	if (first_response != VIPCARE_TIMESTAMP_NONE && first_response < opened)
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE,
				     "service request %s: first_response is %lld s before it was opened",
				     quoted, (long long)(opened - first_response));
	if (resolved != VIPCARE_TIMESTAMP_NONE && resolved < opened)
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE,
				     "service request %s: resolved is %lld s before it was opened", quoted,
				     (long long)(opened - resolved));
	hash = vipcare__hash(request_id, len);
	if (vipcare__index_find(&e->service_index, request_equal, e, request_id, len, hash) !=
	    VIPCARE__NONE)
		return vipcare__fail(e->last_error, VIPCARE_E_DUPLICATE,
				     "service request %s is already recorded", quoted);
	cust = known(e, "service request", customer_id);
	if (cust == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	if (e->service.count >= (size_t)UINT32_MAX - 1)
		return vipcare__fail(e->last_error, VIPCARE_E_LIMIT,
				     "the engine holds its maximum of service requests");
	rc = vipcare__index_reserve(&e->mem, &e->service_index);
	if (rc == VIPCARE_OK)
		rc = vipcare__blocks_reserve(&e->mem, &e->service);
	if (rc == VIPCARE_OK)
		rc = vipcare__pool_add(&e->mem, &e->pool, request_id, len, &id_ref);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no room for service request %s: %s", quoted,
				     vipcare_strerror(rc));
	if (e->journal != NULL &&
	    (rc = vipcare__log_service(e, request_id, customer_id, kind, opened, first_response,
				       resolved)) != VIPCARE_OK)
		return rc;
	r = vipcare__blocks_push(&e->service);
	r->opened = opened;
	r->first_response = first_response;
	r->resolved = resolved;
	r->id = id_ref;
	r->customer = cust;
	r->kind = (uint8_t)kind;
	vipcare__index_insert(&e->service_index, hash, (uint32_t)(e->service.count - 1));
	e->generation++;
	return VIPCARE_OK;
}

VIPCARE_API size_t vipcare_engine_survey_count(const struct vipcare_engine *e)
{
	return e == NULL ? 0 : e->surveys.count;
}

VIPCARE_API size_t vipcare_engine_service_count(const struct vipcare_engine *e)
{
	return e == NULL ? 0 : e->service.count;
}
