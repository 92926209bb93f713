/*
 * libvipcare — snapshots: the whole state of an engine in one file.
 *
 * The bytes (integers little-endian, whatever the machine):
 *
 *   header, 40 bytes:
 *     magic        8  "VIPCSNAP"
 *     version      u32 (1)
 *     header size  u32 (40; the checksum is always its last 4 bytes)
 *     store id     u64  the state folder it belongs to (random)
 *     generation   u64  how many checkpoints the folder has had
 *     reserved     u32 (0)
 *     crc32        u32  CRC-32 (IEEE) of the 36 bytes before it
 *   blocks, each a 16-byte header and at most 1 MiB of records:
 *     crc32        u32  of the 12 header bytes after it and the records
 *     section      u8   1 customers, 2 transactions, 3 redemptions,
 *                       4 care records, 5 survey responses,
 *                       6 service requests, 7 points redemptions;
 *                       15 the end
 *     reserved     3 bytes (0)
 *     records      u32
 *     length       u32  bytes of records that follow
 *   the end block: section 15, no records, the seven sections' record
 *   counts (u64 each); nothing may follow it.
 *
 * Sections come in that order, each in as many blocks as it needs (none
 * when empty), each in the engine's own order, so that loading gives the
 * customers, transactions and the rest the same numbers as before and the
 * loaded engine answers every call as the saved one did. Records are
 * those of record.c; the records after the customers name their customer
 * by number (its place in the customers section), and stores,
 * categories, advisors, occasion keys and points reasons are written out
 * the first time and referred to by number after. Loading gives each record to the
 * engine through the public calls' paths.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"

#define MAGIC "VIPCSNAP"
#define VERSION 1u
#define BLOCK_HEADER 16
#define BLOCK_MAX ((size_t)1 << 20)
#define SECTION_END 15
#define SECTIONS 7
#define END_BODY (8 * SECTIONS)

/* ---------------------------------------------------------------- writing */

struct writer {
	struct vipcare_engine *e;
	struct vipcare__sink *sink;
	char *msg;
	unsigned char *block; /* BLOCK_HEADER + BLOCK_MAX */
	size_t len;
	uint32_t records;
	int section;
	uint64_t counts[SECTIONS + 1];
	/* engine's interned number -> the file's number, 0 while not written */
	uint32_t *map[VIPCARE__TABLES];
	size_t map_size[VIPCARE__TABLES];
	uint32_t given[VIPCARE__TABLES];
};

static int flush_block(struct writer *w)
{
	unsigned char *b = w->block;
	size_t len = w->len;

	if (w->records == 0 && w->section != SECTION_END)
		return VIPCARE_OK;
	b[4] = (unsigned char)w->section;
	b[5] = b[6] = b[7] = 0;
	vipcare__put_le(b + 8, w->records, 4);
	vipcare__put_le(b + 12, len, 4);
	vipcare__put_le(b, vipcare__crc32(b + 4, BLOCK_HEADER - 4 + len), 4);
	w->records = 0;
	w->len = 0;
	return vipcare__sink_write(w->sink, b, BLOCK_HEADER + len, w->msg);
}

static int emit(struct writer *w, const struct vipcare__rec *r)
{
	int rc;

	if (w->len + VIPCARE__REC_MAX > BLOCK_MAX) {
		rc = flush_block(w);
		if (rc != VIPCARE_OK)
			return rc;
	}
	w->len += vipcare__rec_encode(r, w->block + BLOCK_HEADER + w->len);
	w->records++;
	w->counts[w->section]++;
	return VIPCARE_OK;
}

static int start_section(struct writer *w, int section)
{
	int rc = flush_block(w);

	w->section = section;
	return rc;
}

static void set_text(struct vipcare__field *f, const char *text)
{
	f->ref = 0;
	f->text = text;
	f->len = strlen(text);
}

/* Field @f names interned string @number of @in: by the file's number once written. */
static void set_interned(struct writer *w, struct vipcare__field *f, int table,
			 const struct vipcare__interned *in, uint32_t number)
{
	uint32_t *given = &w->map[table][number];

	set_text(f, vipcare__interned_str(&w->e->pool, in, number));
	if (number == 0)
		return;
	if (*given != 0) {
		f->ref = *given;
		return;
	}
	*given = ++w->given[table];
}

static void set_customer(struct vipcare__field *f, uint32_t cust)
{
	f->ref = cust + 1;
	f->len = 0;
	f->text = "";
}

static void blank(struct vipcare__rec *r, int type)
{
	int i;

	memset(r, 0, offsetof(struct vipcare__rec, storage));
	r->type = type;
	for (i = 0; i < VIPCARE__F_COUNT; i++)
		set_text(&r->f[i], "");
}

static int write_customers(struct writer *w)
{
	struct vipcare_engine *e = w->e;
	struct vipcare__rec r;
	size_t i;
	int rc = start_section(w, 1);

	for (i = 0; rc == VIPCARE_OK && i < e->customers.count; i++) {
		const struct vipcare__cust *c = vipcare__cust_at(e, (uint32_t)i);

		blank(&r, VIPCARE__REC_CUSTOMER);
		r.has_record = (c->flags & VIPCARE__CUST_HAS_RECORD) != 0;
		r.opt_out = (c->flags & VIPCARE__CUST_OPT_OUT) != 0;
		set_text(&r.f[VIPCARE__F_ID], vipcare__pool_str(&e->pool, c->id));
		r.joined = c->joined;
		r.birthday_month = c->birthday_month;
		r.birthday_day = c->birthday_day;
		r.consent = c->consent;
		set_interned(w, &r.f[VIPCARE__F_ADVISOR], VIPCARE__TABLE_ADVISOR, &e->advisors,
			     c->advisor);
		if (c->override_tier >= 0)
			set_text(&r.f[VIPCARE__F_TIER], e->policy.tiers[c->override_tier].name);
		r.until = c->override_tier >= 0 ? c->override_until : VIPCARE_DATE_NONE;
		rc = emit(w, &r);
	}
	return rc;
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* How far ahead the customer, then the entry, of a transaction is touched. */
#define CUSTOMER_AHEAD 16
#define ENTRY_AHEAD 8

static int write_transactions(struct writer *w)
{
	struct vipcare_engine *e = w->e;
	struct vipcare__rec r;
	size_t i, count = e->txn_cold.count;
	int rc = start_section(w, 2);

	for (i = 0; rc == VIPCARE_OK && i < count; i++) {
		const struct vipcare__txn_cold *cold = vipcare__cold_at(e, (uint32_t)i);

		/* the transactions' customers are all over memory: overlap the misses */
		if (i + CUSTOMER_AHEAD < count)
			PREFETCH(vipcare__cust_at(e, vipcare__cold_at(e, (uint32_t)(i + CUSTOMER_AHEAD))->customer));
		if (i + ENTRY_AHEAD < count)
			PREFETCH(vipcare__entry_at(e, (uint32_t)(i + ENTRY_AHEAD)));
		const struct vipcare__entry *entry = vipcare__entry_at(e, (uint32_t)i);
		int64_t link = vipcare__sums_get(&e->refund_links, (uint32_t)i);

		blank(&r, VIPCARE__REC_TRANSACTION);
		set_text(&r.f[VIPCARE__F_ID], vipcare__pool_str(&e->pool, cold->id));
		set_customer(&r.f[VIPCARE__F_CUSTOMER], cold->customer);
		r.ts = entry->ts;
		r.kind = entry->amount < 0 ? VIPCARE_TXN_REFUND : VIPCARE_TXN_SALE;
		r.amount = entry->amount < 0 ? -entry->amount : entry->amount;
		set_interned(w, &r.f[VIPCARE__F_STORE], VIPCARE__TABLE_STORE, &e->stores, cold->store);
		set_interned(w, &r.f[VIPCARE__F_CATEGORY], VIPCARE__TABLE_CATEGORY, &e->categories,
			     cold->category);
		/* a known original by its id; an unknown one as it was given */
		if (link > 0)
			set_text(&r.f[VIPCARE__F_ORIGINAL],
				 vipcare__pool_str(&e->pool, vipcare__cold_at(e, (uint32_t)(link - 1))->id));
		else if (link < 0)
			set_text(&r.f[VIPCARE__F_ORIGINAL], vipcare__pool_str(&e->pool, (uint32_t)-link));
		rc = emit(w, &r);
	}
	return rc;
}

static int write_rest(struct writer *w)
{
	struct vipcare_engine *e = w->e;
	struct vipcare__rec r;
	size_t i;
	int rc = start_section(w, 3);

	for (i = 0; rc == VIPCARE_OK && i < e->redemptions.count; i++) {
		const struct vipcare__redemption *x = vipcare__redemption_at(e, (uint32_t)i);

		blank(&r, VIPCARE__REC_REDEMPTION);
		set_text(&r.f[VIPCARE__F_ID], vipcare__pool_str(&e->pool, x->id));
		set_customer(&r.f[VIPCARE__F_CUSTOMER], x->customer);
		set_text(&r.f[VIPCARE__F_BENEFIT], e->policy.benefits[x->benefit].id);
		r.ts = x->ts;
		r.quantity = x->quantity;
		rc = emit(w, &r);
	}
	if (rc == VIPCARE_OK)
		rc = start_section(w, 4);
	for (i = 0; rc == VIPCARE_OK && i < e->care_records.count; i++) {
		const struct vipcare__care_record *x = vipcare__blocks_at(&e->care_records, i);

		blank(&r, VIPCARE__REC_CARE);
		set_customer(&r.f[VIPCARE__F_CUSTOMER], x->customer);
		r.kind = x->kind;
		set_interned(w, &r.f[VIPCARE__F_OCCASION], VIPCARE__TABLE_OCCASION, &e->occasions,
			     x->occasion);
		r.date = x->date;
		r.outcome = x->outcome;
		rc = emit(w, &r);
	}
	if (rc == VIPCARE_OK)
		rc = start_section(w, 5);
	for (i = 0; rc == VIPCARE_OK && i < e->surveys.count; i++) {
		const struct vipcare__survey *x = vipcare__blocks_at(&e->surveys, i);

		blank(&r, VIPCARE__REC_SURVEY);
		set_customer(&r.f[VIPCARE__F_CUSTOMER], x->customer);
		r.ts = x->ts;
		r.kind = x->kind;
		r.score = x->score;
		rc = emit(w, &r);
	}
	if (rc == VIPCARE_OK)
		rc = start_section(w, 6);
	for (i = 0; rc == VIPCARE_OK && i < e->service.count; i++) {
		const struct vipcare__service *x = vipcare__blocks_at(&e->service, i);

		blank(&r, VIPCARE__REC_SERVICE);
		set_text(&r.f[VIPCARE__F_ID], vipcare__pool_str(&e->pool, x->id));
		set_customer(&r.f[VIPCARE__F_CUSTOMER], x->customer);
		r.kind = x->kind;
		r.opened = x->opened;
		r.first_response = x->first_response;
		r.resolved = x->resolved;
		rc = emit(w, &r);
	}
	if (rc == VIPCARE_OK)
		rc = start_section(w, 7);
	for (i = 0; rc == VIPCARE_OK && i < e->points_redemptions.count; i++) {
		const struct vipcare__points_redemption *x = vipcare__blocks_at(&e->points_redemptions, i);

		blank(&r, VIPCARE__REC_POINTS);
		set_text(&r.f[VIPCARE__F_ID], vipcare__pool_str(&e->pool, x->id));
		set_customer(&r.f[VIPCARE__F_CUSTOMER], x->customer);
		r.ts = x->ts;
		r.amount = x->points;
		set_interned(w, &r.f[VIPCARE__F_REASON], VIPCARE__TABLE_REASON, &e->points_reasons,
			     x->reason);
		rc = emit(w, &r);
	}
	return rc;
}

static int write_end(struct writer *w)
{
	int rc = start_section(w, SECTION_END), i;

	for (i = 1; i <= SECTIONS; i++)
		vipcare__put_le(w->block + BLOCK_HEADER + 8 * (i - 1), w->counts[i], 8);
	w->len = END_BODY;
	if (rc == VIPCARE_OK)
		rc = flush_block(w);
	return rc;
}

int vipcare__snapshot_write(struct vipcare_engine *e, struct vipcare__sink *sink, uint64_t store_id,
			    uint64_t generation, uint64_t *records, char *msg)
{
	const struct vipcare__interned *tables[VIPCARE__TABLES] = {
		&e->stores, &e->categories, &e->advisors, &e->occasions, &e->points_reasons,
	};
	unsigned char header[VIPCARE__SNAPSHOT_HEADER];
	struct writer w;
	int rc = VIPCARE_OK, i;

	memset(&w, 0, sizeof(w));
	w.e = e;
	w.sink = sink;
	w.msg = msg;
	w.block = vipcare__mem_alloc(&e->mem, BLOCK_HEADER + BLOCK_MAX);
	for (i = 0; w.block != NULL && i < VIPCARE__TABLES; i++) {
		w.map_size[i] = (tables[i]->count + 1) * sizeof(uint32_t);
		w.map[i] = vipcare__mem_calloc(&e->mem, tables[i]->count + 1, sizeof(uint32_t));
		if (w.map[i] == NULL)
			break;
	}
	if (w.block == NULL || i < VIPCARE__TABLES) {
		rc = vipcare__fail(msg, VIPCARE_E_NO_MEMORY, "no memory to write a snapshot");
		goto out;
	}
	memcpy(header, MAGIC, 8);
	vipcare__put_le(header + 8, VERSION, 4);
	vipcare__put_le(header + 12, VIPCARE__SNAPSHOT_HEADER, 4);
	vipcare__put_le(header + 16, store_id, 8);
	vipcare__put_le(header + 24, generation, 8);
	vipcare__put_le(header + 32, 0, 4);
	vipcare__put_le(header + 36, vipcare__crc32(header, 36), 4);
	rc = vipcare__sink_write(sink, header, sizeof(header), msg);
	if (rc == VIPCARE_OK)
		rc = write_customers(&w);
	if (rc == VIPCARE_OK)
		rc = write_transactions(&w);
	if (rc == VIPCARE_OK)
		rc = write_rest(&w);
	if (rc == VIPCARE_OK)
		rc = write_end(&w);
	if (rc == VIPCARE_OK && records != NULL) {
		*records = 0;
		for (i = 1; i <= SECTIONS; i++)
			*records += w.counts[i];
	}
out:
	for (i = 0; i < VIPCARE__TABLES; i++)
		vipcare__mem_free(&e->mem, w.map[i], w.map_size[i]);
	vipcare__mem_free(&e->mem, w.block, BLOCK_HEADER + BLOCK_MAX);
	return rc;
}

int vipcare__snapshot_save_file(struct vipcare_engine *e, const char *path, uint64_t store_id,
				uint64_t generation, uint64_t *records, char *msg)
{
	struct vipcare__file f;
	struct vipcare__sink sink;
	size_t len = strlen(path);
	char *tmp = vipcare__mem_alloc(&e->mem, len + 5);
	int rc;

	if (tmp == NULL)
		return vipcare__fail(msg, VIPCARE_E_NO_MEMORY, "no memory to save a snapshot");
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".tmp", 5);
	rc = vipcare__file_open(&f, tmp, VIPCARE__OPEN_CREATE, msg);
	if (rc == VIPCARE_OK) {
		memset(&sink, 0, sizeof(sink));
		sink.file = &f;
		rc = vipcare__snapshot_write(e, &sink, store_id, generation, records, msg);
		if (rc == VIPCARE_OK)
			rc = vipcare__file_sync(&f, msg);
		vipcare__file_close(&f);
		if (rc == VIPCARE_OK)
			rc = vipcare__path_rename(tmp, path, msg);
		if (rc != VIPCARE_OK) {
			char ignored[VIPCARE__MSG_SIZE];

			vipcare__path_remove(tmp, ignored);
		}
	}
	if (rc == VIPCARE_OK)
		rc = vipcare__path_sync_folder(path, msg);
	vipcare__mem_free(&e->mem, tmp, len + 5);
	return rc;
}

int vipcare__snapshot_save_memory(struct vipcare_engine *e, uint64_t store_id, uint64_t generation,
				  unsigned char **out, size_t *size)
{
	struct vipcare__sink sink;
	int rc;

	memset(&sink, 0, sizeof(sink));
	rc = vipcare__snapshot_write(e, &sink, store_id, generation, NULL, e->last_error);
	if (rc != VIPCARE_OK) {
		free(sink.data);
		return rc;
	}
	*out = sink.data;
	*size = (size_t)sink.written;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_save_snapshot(struct vipcare_engine *e, const char *path)
{
	if (e == NULL || path == NULL || path[0] == '\0')
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__snapshot_save_file(e, path, vipcare__unique64(), 0, NULL, e->last_error);
}
