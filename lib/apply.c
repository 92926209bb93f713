/*
 * libvipcare — applying records to an engine: through the same paths as
 * the public calls (the record handles' setters, then
 * vipcare_engine_add_customer(), vipcare_engine_add_transactions() and
 * the others), so that loading a snapshot or replaying a journal applies
 * every rule exactly as recording did. Redemptions, whose acceptance
 * depended on the state and the policy at the time, are restored as they
 * were accepted.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"

/* ---------------------------------------------------------------- tables */

static int table_add(struct vipcare__mem *m, struct vipcare__table *t, const char *s, size_t len)
{
	if (t->count == t->slots) {
		size_t slots = t->slots ? t->slots * 2 : 64;
		uint32_t *at = vipcare__mem_resize(m, t->at, t->slots * sizeof(uint32_t),
						   slots * sizeof(uint32_t));

		if (at == NULL)
			return VIPCARE_E_NO_MEMORY;
		t->at = at;
		t->slots = slots;
	}
	if (t->used + len + 1 > t->capacity) {
		size_t cap = t->capacity ? t->capacity * 2 : 4096;
		char *text;

		while (cap < t->used + len + 1)
			cap *= 2;
		if (cap > UINT32_MAX)
			return VIPCARE_E_LIMIT;
		text = vipcare__mem_resize(m, t->text, t->capacity, cap);
		if (text == NULL)
			return VIPCARE_E_NO_MEMORY;
		t->text = text;
		t->capacity = cap;
	}
	memcpy(t->text + t->used, s, len);
	t->text[t->used + len] = '\0';
	t->at[t->count++] = (uint32_t)t->used;
	t->used += len + 1;
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- applying */

int vipcare__applier_init(struct vipcare__applier *ap, struct vipcare_engine *e, int snapshot,
			  const char *what, const char *name, char *msg)
{
	size_t i;

	memset(ap, 0, sizeof(*ap));
	ap->e = e;
	ap->snapshot = snapshot;
	ap->what = what;
	ap->name = name;
	ap->msg = msg;
	ap->batch = vipcare__mem_alloc(&e->mem, VIPCARE__BATCH * sizeof(struct vipcare_transaction));
	if (ap->batch == NULL)
		return vipcare__fail(msg, VIPCARE_E_NO_MEMORY, "no memory to read %s %s", what, name);
	for (i = 0; i < VIPCARE__BATCH; i++) {
		ap->batch[i].refcount = 1;
		vipcare_transaction_clear(&ap->batch[i]);
	}
	return VIPCARE_OK;
}

void vipcare__applier_release(struct vipcare__applier *ap)
{
	int i;

	for (i = 0; i < VIPCARE__TABLES; i++) {
		vipcare__mem_free(&ap->e->mem, ap->tables[i].text, ap->tables[i].capacity);
		vipcare__mem_free(&ap->e->mem, ap->tables[i].at, ap->tables[i].slots * sizeof(uint32_t));
	}
	vipcare__mem_free(&ap->e->mem, ap->batch, VIPCARE__BATCH * sizeof(struct vipcare_transaction));
	memset(ap->tables, 0, sizeof(ap->tables));
	ap->batch = NULL;
}

/* A failure of the record at byte @at: where, then @detail. */
static int fail_at(struct vipcare__applier *ap, int status, uint64_t at, int type, const char *detail)
{
	char copy[VIPCARE__MSG_SIZE];

	/* @detail may be the buffer written to */
	snprintf(copy, sizeof(copy), "%s", detail);
	return vipcare__fail(ap->msg, status, "%s %s: the %s record at byte %llu: %s", ap->what,
			     ap->name, vipcare__rec_name(type), (unsigned long long)at, copy);
}

/*
 * What a refusal by the engine means for a file: a policy that lacks what
 * the file names is a mismatch, want of memory is itself, and everything
 * else is a file that contradicts itself.
 */
static int file_status(int rc)
{
	switch (rc) {
	case VIPCARE_E_NO_MEMORY:
	case VIPCARE_E_LIMIT:
		return rc;
	case VIPCARE_E_UNKNOWN_TIER:
	case VIPCARE_E_MISMATCH:
		return VIPCARE_E_MISMATCH;
	default:
		return VIPCARE_E_CORRUPT;
	}
}

static int engine_failed(struct vipcare__applier *ap, int rc, uint64_t at, int type)
{
	return fail_at(ap, file_status(rc), at, type, ap->e->last_error);
}

/* Gives field @which its text: from a table or the customers, or adds it to a table. */
static int resolve(struct vipcare__applier *ap, struct vipcare__rec *r, int which, int table,
		   uint64_t at)
{
	struct vipcare__field *f = &r->f[which];
	struct vipcare_engine *e = ap->e;
	char detail[128];
	int rc;

	if (f->ref == 0) {
		if (ap->snapshot && table >= 0 && f->len > 0) {
			rc = table_add(&e->mem, &ap->tables[table], f->text, f->len);
			if (rc != VIPCARE_OK)
				return fail_at(ap, rc, at, r->type, "no memory for the file's texts");
		}
		return VIPCARE_OK;
	}
	if (!ap->snapshot)
		return fail_at(ap, VIPCARE_E_CORRUPT, at, r->type,
			       "a journal record refers to an earlier text");
	if (table < 0) {
		const struct vipcare__cust *c;

		if (f->ref > ap->customers) {
			snprintf(detail, sizeof(detail), "customer number %lu is not among the %lu listed",
				 (unsigned long)f->ref, (unsigned long)ap->customers);
			return fail_at(ap, VIPCARE_E_CORRUPT, at, r->type, detail);
		}
		c = vipcare__cust_at(e, f->ref - 1);
		f->text = vipcare__pool_str(&e->pool, c->id);
		f->len = vipcare__pool_len(&e->pool, c->id);
		return VIPCARE_OK;
	}
	if (f->ref > ap->tables[table].count) {
		snprintf(detail, sizeof(detail), "%s number %lu was never given",
			 vipcare__field_name(which), (unsigned long)f->ref);
		return fail_at(ap, VIPCARE_E_CORRUPT, at, r->type, detail);
	}
	f->text = ap->tables[table].text + ap->tables[table].at[f->ref - 1];
	f->len = strlen(f->text);
	return VIPCARE_OK;
}

static const char *or_null(const struct vipcare__field *f)
{
	return f->len == 0 ? NULL : f->text;
}

static int apply_customer(struct vipcare__applier *ap, struct vipcare__rec *r, uint64_t at)
{
	struct vipcare_engine *e = ap->e;
	struct vipcare_customer c;
	const char *id = r->f[VIPCARE__F_ID].text;
	size_t before = e->customers.count;
	int rc, ch;

	if (!r->has_record) {
		if (!ap->snapshot)
			return fail_at(ap, VIPCARE_E_CORRUPT, at, r->type,
				       "a journal record of a customer without its record");
		if (r->opt_out || r->joined != VIPCARE_DATE_NONE || r->birthday_month != 0 ||
		    r->birthday_day != 0 || r->consent != 0 || r->f[VIPCARE__F_ADVISOR].len != 0)
			return fail_at(ap, VIPCARE_E_CORRUPT, at, r->type,
				       "a customer without a record has record fields");
		rc = vipcare__engine_add_bare_customer(e, id);
		if (rc == VIPCARE_OK && r->f[VIPCARE__F_TIER].len > 0)
			rc = vipcare_engine_set_override(e, id, r->f[VIPCARE__F_TIER].text, r->until);
		if (rc != VIPCARE_OK)
			return engine_failed(ap, rc, at, r->type);
		ap->customers++;
		return VIPCARE_OK;
	}
	c.refcount = 1;
	vipcare_customer_clear(&c);
	rc = vipcare_customer_set_id(&c, id);
	if (rc == VIPCARE_OK)
		rc = vipcare_customer_set_birthday(&c, r->birthday_month, r->birthday_day);
	if (rc == VIPCARE_OK && r->joined != VIPCARE_DATE_NONE)
		rc = vipcare_customer_set_joined(&c, r->joined);
	for (ch = 0; rc == VIPCARE_OK && ch < VIPCARE_CHANNEL_COUNT; ch++)
		rc = vipcare_customer_set_consent(&c, ch, (r->consent >> ch) & 1);
	if (rc == VIPCARE_OK && (r->consent >> VIPCARE_CHANNEL_COUNT) != 0)
		rc = vipcare__fail(c.last_error, VIPCARE_E_RANGE, "consent to channel %d, which is not one",
				   VIPCARE_CHANNEL_COUNT);
	if (rc == VIPCARE_OK)
		rc = vipcare_customer_set_marketing_opt_out(&c, r->opt_out);
	if (rc == VIPCARE_OK)
		rc = vipcare_customer_set_advisor(&c, or_null(&r->f[VIPCARE__F_ADVISOR]));
	if (rc == VIPCARE_OK)
		rc = vipcare_customer_set_override(&c, or_null(&r->f[VIPCARE__F_TIER]), r->until);
	if (rc != VIPCARE_OK)
		return fail_at(ap, VIPCARE_E_CORRUPT, at, r->type, c.last_error);
	rc = vipcare_engine_add_customer(e, &c);
	if (rc != VIPCARE_OK)
		return engine_failed(ap, rc, at, r->type);
	if (ap->snapshot) {
		if (e->customers.count != before + 1)
			return fail_at(ap, VIPCARE_E_CORRUPT, at, r->type,
				       "the customer is listed twice");
		ap->customers++;
	}
	return VIPCARE_OK;
}

static int fill_transaction(struct vipcare__applier *ap, struct vipcare_transaction *t,
			    const struct vipcare__rec *r, uint64_t at)
{
	int rc;

	vipcare_transaction_clear(t);
	rc = vipcare_transaction_set_id(t, r->f[VIPCARE__F_ID].text);
	if (rc == VIPCARE_OK)
		rc = vipcare_transaction_set_customer(t, r->f[VIPCARE__F_CUSTOMER].text);
	if (rc == VIPCARE_OK)
		rc = vipcare_transaction_set_timestamp(t, r->ts);
	if (rc == VIPCARE_OK)
		rc = vipcare_transaction_set_amount(t, r->amount);
	if (rc == VIPCARE_OK)
		rc = vipcare_transaction_set_kind(t, r->kind);
	if (rc == VIPCARE_OK)
		rc = vipcare_transaction_set_store(t, or_null(&r->f[VIPCARE__F_STORE]));
	if (rc == VIPCARE_OK)
		rc = vipcare_transaction_set_category(t, or_null(&r->f[VIPCARE__F_CATEGORY]));
	if (rc == VIPCARE_OK)
		rc = vipcare_transaction_set_original(t, or_null(&r->f[VIPCARE__F_ORIGINAL]));
	if (rc != VIPCARE_OK)
		return fail_at(ap, VIPCARE_E_CORRUPT, at, r->type, t->last_error);
	return VIPCARE_OK;
}

int vipcare__applier_flush(struct vipcare__applier *ap)
{
	const struct vipcare_transaction *list[VIPCARE__BATCH];
	size_t i, done = 0;
	int rc;

	if (ap->pending == 0)
		return VIPCARE_OK;
	for (i = 0; i < ap->pending; i++)
		list[i] = &ap->batch[i];
	rc = vipcare_engine_add_transactions(ap->e, list, ap->pending, &done);
	ap->applied += done;
	if (rc != VIPCARE_OK) {
		uint64_t at = ap->batch_at[done < ap->pending ? done : ap->pending - 1];

		ap->pending = 0;
		return engine_failed(ap, rc, at, VIPCARE__REC_TRANSACTION);
	}
	ap->pending = 0;
	return VIPCARE_OK;
}

int vipcare__applier_add(struct vipcare__applier *ap, struct vipcare__rec *r, uint64_t at)
{
	struct vipcare_engine *e = ap->e;
	const struct vipcare__field *f = r->f;
	int rc = VIPCARE_OK;

	/* the texts first: a table grows in the file's order */
	switch (r->type) {
	case VIPCARE__REC_CUSTOMER:
		rc = resolve(ap, r, VIPCARE__F_ADVISOR, VIPCARE__TABLE_ADVISOR, at);
		break;
	case VIPCARE__REC_TRANSACTION:
		rc = resolve(ap, r, VIPCARE__F_CUSTOMER, -1, at);
		if (rc == VIPCARE_OK)
			rc = resolve(ap, r, VIPCARE__F_STORE, VIPCARE__TABLE_STORE, at);
		if (rc == VIPCARE_OK)
			rc = resolve(ap, r, VIPCARE__F_CATEGORY, VIPCARE__TABLE_CATEGORY, at);
		break;
	case VIPCARE__REC_CARE:
		rc = resolve(ap, r, VIPCARE__F_CUSTOMER, -1, at);
		if (rc == VIPCARE_OK)
			rc = resolve(ap, r, VIPCARE__F_OCCASION, VIPCARE__TABLE_OCCASION, at);
		break;
	case VIPCARE__REC_POINTS:
		rc = resolve(ap, r, VIPCARE__F_CUSTOMER, -1, at);
		if (rc == VIPCARE_OK)
			rc = resolve(ap, r, VIPCARE__F_REASON, VIPCARE__TABLE_REASON, at);
		break;
	default:
		rc = resolve(ap, r, VIPCARE__F_CUSTOMER, -1, at);
		break;
	}
	if (rc != VIPCARE_OK)
		return rc;

	if (r->type == VIPCARE__REC_TRANSACTION) {
		rc = fill_transaction(ap, &ap->batch[ap->pending], r, at);
		if (rc != VIPCARE_OK)
			return rc;
		ap->batch_at[ap->pending++] = at;
		if (ap->snapshot && ap->pending < VIPCARE__BATCH)
			return VIPCARE_OK;
		return vipcare__applier_flush(ap);
	}
	rc = vipcare__applier_flush(ap);
	if (rc != VIPCARE_OK)
		return rc;
	switch (r->type) {
	case VIPCARE__REC_CUSTOMER:
		rc = apply_customer(ap, r, at);
		if (rc != VIPCARE_OK)
			return rc;
		break;
	case VIPCARE__REC_OVERRIDE:
		rc = vipcare_engine_set_override(e, f[VIPCARE__F_CUSTOMER].text, or_null(&f[VIPCARE__F_TIER]),
						 r->until);
		break;
	case VIPCARE__REC_CARE:
		rc = vipcare_engine_record_care(e, f[VIPCARE__F_CUSTOMER].text, r->kind,
						f[VIPCARE__F_OCCASION].text, r->date, r->outcome);
		break;
	case VIPCARE__REC_REDEMPTION:
		rc = vipcare__redemption_restore(e, f[VIPCARE__F_ID].text, f[VIPCARE__F_CUSTOMER].text,
						 f[VIPCARE__F_BENEFIT].text, r->ts, r->quantity);
		break;
	case VIPCARE__REC_SURVEY:
		rc = vipcare_engine_add_survey(e, f[VIPCARE__F_CUSTOMER].text, r->ts, r->kind, r->score);
		break;
	case VIPCARE__REC_SERVICE:
		rc = vipcare_engine_add_service_request(e, f[VIPCARE__F_ID].text,
							f[VIPCARE__F_CUSTOMER].text, r->kind, r->opened,
							r->first_response, r->resolved);
		break;
	default: /* VIPCARE__REC_POINTS */
		rc = vipcare__points_redemption_restore(e, f[VIPCARE__F_ID].text,
							f[VIPCARE__F_CUSTOMER].text, r->ts, r->amount,
							or_null(&f[VIPCARE__F_REASON]));
		break;
	}
	if (rc != VIPCARE_OK)
		return engine_failed(ap, rc, at, r->type);
	ap->applied++;
	return VIPCARE_OK;
}

/* Points redemptions are restored by vipcare__points_redemption_restore() (points.c). */
