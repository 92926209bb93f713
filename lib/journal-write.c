/*
 * libvipcare — writing the journal: the hooks of the state-changing calls.
 *
 * Every state-changing call writes its record at the end of the journal
 * after its checks passed and before it changes the engine, so that a
 * call that cannot be written fails and changes nothing; with
 * VIPCARE_DURABILITY_EVERY_CALL the record is flushed to the disk before
 * the call returns, with VIPCARE_DURABILITY_INTERVAL by the first call
 * the interval after the oldest record not yet flushed. The records
 * written and not yet flushed are also kept in memory ("pending"): when a
 * write or a flush fails, the journal is cut back to what was flushed and
 * the pending records written again ("repair"), so that a failed flush
 * never leaves the disk and the engine disagreeing, whatever the system
 * did with the failed pages.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"

#define FRAME 8

int vipcare__journal_sync(struct vipcare__journal *j, char *msg)
{
	int rc = vipcare__file_sync(&j->file, msg);

	if (rc != VIPCARE_OK)
		return rc;
	j->synced_end = j->written_end;
	j->pending_len = 0;
	return VIPCARE_OK;
}

int vipcare__journal_repair(struct vipcare__journal *j, char *msg)
{
	int rc = vipcare__file_truncate(&j->file, j->synced_end, msg);

	if (rc == VIPCARE_OK && j->pending_len > 0)
		rc = vipcare__file_write_at(&j->file, j->synced_end, j->pending, j->pending_len, msg);
	if (rc == VIPCARE_OK)
		rc = vipcare__file_sync(&j->file, msg);
	if (rc != VIPCARE_OK) {
		j->needs_repair = 1;
		return rc;
	}
	j->synced_end += j->pending_len;
	j->written_end = j->synced_end;
	j->pending_len = 0;
	j->needs_repair = 0;
	return VIPCARE_OK;
}

int vipcare__journal_restart(struct vipcare__journal *j, char *msg)
{
	unsigned char header[VIPCARE__JOURNAL_HEADER];
	struct vipcare__file f;
	char ignored[VIPCARE__MSG_SIZE];
	int rc;

	vipcare__journal_header(header, j->store_id, j->generation);
	rc = vipcare__file_open(&f, j->journal_tmp, VIPCARE__OPEN_CREATE, msg);
	if (rc != VIPCARE_OK)
		return rc;
	rc = vipcare__file_write_at(&f, 0, header, sizeof(header), msg);
	if (rc == VIPCARE_OK)
		rc = vipcare__file_sync(&f, msg);
	vipcare__file_close(&f);
	if (rc == VIPCARE_OK) {
		/* the old journal is done with; closed first, as Windows renames no open file */
		vipcare__file_close(&j->file);
		rc = vipcare__path_rename(j->journal_tmp, j->journal_path, msg);
	}
	if (rc != VIPCARE_OK) {
		vipcare__path_remove(j->journal_tmp, ignored);
		return rc;
	}
	rc = vipcare__path_sync_folder(j->journal_path, msg);
	if (rc == VIPCARE_OK)
		rc = vipcare__file_open(&j->file, j->journal_path, VIPCARE__OPEN_WRITE, msg);
	if (rc != VIPCARE_OK)
		return rc;
	j->synced_end = j->written_end = VIPCARE__JOURNAL_HEADER;
	j->pending_len = 0;
	j->needs_repair = 0;
	j->needs_restart = 0;
	return VIPCARE_OK;
}

/* Puts right what an earlier failure left, before anything new is written. */
static int make_ready(struct vipcare_engine *e, struct vipcare__journal *j)
{
	int rc;

	if (j->needs_restart) {
		rc = vipcare__journal_restart(j, j->scratch);
		if (rc != VIPCARE_OK)
			return vipcare__fail(e->last_error, rc,
					     "not recorded: the journal could not be started again after a checkpoint: %s",
					     j->scratch);
	}
	if (j->needs_repair) {
		rc = vipcare__journal_repair(j, j->scratch);
		if (rc != VIPCARE_OK)
			return vipcare__fail(e->last_error, rc,
					     "not recorded: the journal could not be put right after an earlier failure: %s",
					     j->scratch);
	}
	return VIPCARE_OK;
}

static int keep_pending(struct vipcare_engine *e, struct vipcare__journal *j, size_t n)
{
	size_t cap;
	unsigned char *grown;

	if (j->pending_len + n <= j->pending_cap)
		return VIPCARE_OK;
	cap = j->pending_cap ? j->pending_cap : 4096;
	while (cap < j->pending_len + n)
		cap *= 2;
	grown = vipcare__mem_resize(&e->mem, j->pending, j->pending_cap, cap);
	if (grown == NULL)
		return VIPCARE_E_NO_MEMORY;
	j->pending = grown;
	j->pending_cap = cap;
	return VIPCARE_OK;
}

int vipcare__journal_append(struct vipcare_engine *e, struct vipcare__rec *r)
{
	struct vipcare__journal *j = e->journal;
	size_t n;
	int rc;

	rc = make_ready(e, j);
	if (rc != VIPCARE_OK)
		return rc;
	n = vipcare__rec_encode(r, j->frame + FRAME);
	n = vipcare__journal_frame(j->frame, j->frame + FRAME, n);
	if (keep_pending(e, j, n) != VIPCARE_OK) {
		/* flushing empties the pending records */
		rc = vipcare__journal_sync(j, j->scratch);
		if (rc == VIPCARE_OK)
			rc = keep_pending(e, j, n);
		if (rc != VIPCARE_OK)
			return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY,
					     "not recorded: no memory to keep the journal's record");
	}
	rc = vipcare__file_write_at(&j->file, j->written_end, j->frame, n, e->last_error);
	if (rc != VIPCARE_OK) {
		char why[VIPCARE__MSG_SIZE];

		memcpy(why, e->last_error, sizeof(why));
		/* cut off what part of the record was written */
		vipcare__journal_repair(j, j->scratch);
		return vipcare__fail(e->last_error, VIPCARE_E_IO, "not recorded: %s", why);
	}
	if (j->pending_len == 0)
		j->first_pending_ms = vipcare__clock_ms();
	memcpy(j->pending + j->pending_len, j->frame, n);
	j->pending_len += n;
	j->written_end += n;
	if (j->batch)
		return VIPCARE_OK;
	if (j->durability == VIPCARE_DURABILITY_INTERVAL &&
	    vipcare__clock_ms() - j->first_pending_ms < j->interval_ms)
		return VIPCARE_OK;
	rc = vipcare__journal_sync(j, e->last_error);
	if (rc == VIPCARE_OK)
		return VIPCARE_OK;
	/* the flush failed: write it all again; only when that fails too is the call refused */
	if (vipcare__journal_repair(j, j->scratch) == VIPCARE_OK)
		return VIPCARE_OK;
	j->pending_len -= n;
	j->written_end -= n;
	return vipcare__fail(e->last_error, VIPCARE_E_IO, "not recorded: %s", j->scratch);
}

void vipcare__journal_batch_begin(struct vipcare_engine *e)
{
	e->journal->batch = 1;
}

int vipcare__journal_batch_end(struct vipcare_engine *e, int rc)
{
	struct vipcare__journal *j = e->journal;
	int flushed;

	j->batch = 0;
	if (j->pending_len == 0 || j->needs_repair || j->needs_restart)
		return rc;
	if (j->durability == VIPCARE_DURABILITY_INTERVAL &&
	    vipcare__clock_ms() - j->first_pending_ms < j->interval_ms)
		return rc;
	flushed = vipcare__journal_sync(j, j->scratch);
	if (flushed != VIPCARE_OK)
		flushed = vipcare__journal_repair(j, j->scratch);
	if (flushed == VIPCARE_OK || rc != VIPCARE_OK)
		return rc;
	/* recorded in the engine, not yet on the disk: the next call writes them again */
	return vipcare__fail(e->last_error, VIPCARE_E_IO,
			     "the transactions were recorded but could not be flushed to the journal; the next call or vipcare_engine_flush() tries again: %s",
			     j->scratch);
}

/* ---------------------------------------------------------------- the hooks */

static void rec_init(struct vipcare__rec *r, int type)
{
	int i;

	memset(r, 0, offsetof(struct vipcare__rec, storage));
	r->type = type;
	for (i = 0; i < VIPCARE__F_COUNT; i++)
		r->f[i].text = "";
}

static void text(struct vipcare__rec *r, int which, const char *s)
{
	r->f[which].text = s == NULL ? "" : s;
	r->f[which].len = s == NULL ? 0 : strlen(s);
}

int vipcare__log_customer(struct vipcare_engine *e, const struct vipcare_customer *c)
{
	struct vipcare__rec r;

	rec_init(&r, VIPCARE__REC_CUSTOMER);
	r.has_record = 1;
	r.opt_out = c->marketing_opt_out != 0;
	text(&r, VIPCARE__F_ID, c->id);
	r.joined = c->joined;
	r.birthday_month = c->birthday_month;
	r.birthday_day = c->birthday_day;
	r.consent = (int)c->consent;
	text(&r, VIPCARE__F_ADVISOR, c->advisor);
	text(&r, VIPCARE__F_TIER, c->override_tier);
	r.until = c->override_tier[0] == '\0' ? VIPCARE_DATE_NONE : c->override_until;
	return vipcare__journal_append(e, &r);
}

int vipcare__log_transaction(struct vipcare_engine *e, const struct vipcare_transaction *t)
{
	struct vipcare__rec r;

	rec_init(&r, VIPCARE__REC_TRANSACTION);
	text(&r, VIPCARE__F_ID, t->id);
	text(&r, VIPCARE__F_CUSTOMER, t->customer);
	r.ts = t->timestamp;
	r.amount = t->amount;
	r.kind = t->kind;
	text(&r, VIPCARE__F_STORE, t->store);
	text(&r, VIPCARE__F_CATEGORY, t->category);
	/* a sale's original is ignored when it is recorded, so it is not kept */
	if (t->kind == VIPCARE_TXN_REFUND)
		text(&r, VIPCARE__F_ORIGINAL, t->original);
	return vipcare__journal_append(e, &r);
}

int vipcare__log_override(struct vipcare_engine *e, const char *customer_id, const char *tier,
			  int32_t until)
{
	struct vipcare__rec r;

	rec_init(&r, VIPCARE__REC_OVERRIDE);
	text(&r, VIPCARE__F_CUSTOMER, customer_id);
	text(&r, VIPCARE__F_TIER, tier);
	r.until = tier == NULL || tier[0] == '\0' ? VIPCARE_DATE_NONE : until;
	return vipcare__journal_append(e, &r);
}

int vipcare__log_care(struct vipcare_engine *e, const char *customer_id, int kind,
		      const char *occasion, int32_t date, int outcome)
{
	struct vipcare__rec r;

	rec_init(&r, VIPCARE__REC_CARE);
	text(&r, VIPCARE__F_CUSTOMER, customer_id);
	r.kind = kind;
	text(&r, VIPCARE__F_OCCASION, occasion);
	r.date = date;
	r.outcome = outcome;
	return vipcare__journal_append(e, &r);
}

int vipcare__log_redemption(struct vipcare_engine *e, const char *redemption_id,
			    const char *customer_id, const char *benefit_id, int64_t at,
			    int32_t quantity)
{
	struct vipcare__rec r;

	rec_init(&r, VIPCARE__REC_REDEMPTION);
	text(&r, VIPCARE__F_ID, redemption_id);
	text(&r, VIPCARE__F_CUSTOMER, customer_id);
	text(&r, VIPCARE__F_BENEFIT, benefit_id);
	r.ts = at;
	r.quantity = quantity;
	return vipcare__journal_append(e, &r);
}

int vipcare__log_survey(struct vipcare_engine *e, const char *customer_id, int64_t ts, int kind,
			int score)
{
	struct vipcare__rec r;

	rec_init(&r, VIPCARE__REC_SURVEY);
	text(&r, VIPCARE__F_CUSTOMER, customer_id);
	r.ts = ts;
	r.kind = kind;
	r.score = score;
	return vipcare__journal_append(e, &r);
}

int vipcare__log_service(struct vipcare_engine *e, const char *request_id, const char *customer_id,
			 int kind, int64_t opened, int64_t first_response, int64_t resolved)
{
	struct vipcare__rec r;

	rec_init(&r, VIPCARE__REC_SERVICE);
	text(&r, VIPCARE__F_ID, request_id);
	text(&r, VIPCARE__F_CUSTOMER, customer_id);
	r.kind = kind;
	r.opened = opened;
	r.first_response = first_response;
	r.resolved = resolved;
	return vipcare__journal_append(e, &r);
}

int vipcare__log_points_redemption(struct vipcare_engine *e, const char *redemption_id,
				   const char *customer_id, int64_t at, int64_t points,
				   const char *reason)
{
	struct vipcare__rec r;

	rec_init(&r, VIPCARE__REC_POINTS);
	text(&r, VIPCARE__F_ID, redemption_id);
	text(&r, VIPCARE__F_CUSTOMER, customer_id);
	r.ts = at;
	r.amount = points;
	text(&r, VIPCARE__F_REASON, reason);
	return vipcare__journal_append(e, &r);
}
