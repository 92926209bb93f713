/*
 * libvipcare — the records that snapshots and journals are made of: one
 * per state-changing call, encoded the same way in both files, and
 * applied to an engine through the same paths as the public calls, so
 * that loading applies every rule exactly as recording did.
 *
 * A record is its type (a byte) and its fields, with no padding and one
 * byte order: integers are LEB128 varints (signed ones zigzag-coded), a
 * text is a varint reference (0, or n for the file's n-th text of its
 * kind, snapshots only) followed, when the reference is 0, by a varint
 * length and the bytes. The layout of each type is in docs/durability.md.
 * Also here: the byte sources and sinks that snapshots and journals are
 * read from and written to. Applying records is apply.c.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"

static const char *const rec_names[VIPCARE__REC_TYPES] = {
	"unknown", "customer", "transaction", "override", "care record", "redemption",
	"survey response", "service request", "points redemption",
};

const char *vipcare__rec_name(int type)
{
	return type > 0 && type < VIPCARE__REC_TYPES ? rec_names[type] : rec_names[0];
}

/* ---------------------------------------------------------------- encoding */

static unsigned char *put_varint(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static unsigned char *put_svarint(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;

	return put_varint(p, v < 0 ? ~(u << 1) : u << 1);
}

static unsigned char *put_field(unsigned char *p, const struct vipcare__field *f)
{
	p = put_varint(p, f->ref);
	if (f->ref == 0) {
		p = put_varint(p, f->len);
		if (f->len > 0)
			memcpy(p, f->text, f->len);
		p += f->len;
	}
	return p;
}

size_t vipcare__rec_encode(const struct vipcare__rec *r, unsigned char *out)
{
	const struct vipcare__field *f = r->f;
	unsigned char *p = out;

	*p++ = (unsigned char)r->type;
	switch (r->type) {
	case VIPCARE__REC_CUSTOMER:
		p = put_varint(p, (uint64_t)((r->has_record ? 1 : 0) | (r->opt_out ? 2 : 0)));
		p = put_field(p, &f[VIPCARE__F_ID]);
		p = put_svarint(p, r->joined);
		p = put_varint(p, (uint64_t)r->birthday_month);
		p = put_varint(p, (uint64_t)r->birthday_day);
		p = put_varint(p, (uint64_t)r->consent);
		p = put_field(p, &f[VIPCARE__F_ADVISOR]);
		p = put_field(p, &f[VIPCARE__F_TIER]);
		p = put_svarint(p, r->until);
		break;
	case VIPCARE__REC_TRANSACTION:
		p = put_field(p, &f[VIPCARE__F_ID]);
		p = put_field(p, &f[VIPCARE__F_CUSTOMER]);
		p = put_svarint(p, r->ts);
		p = put_varint(p, (uint64_t)r->amount);
		p = put_varint(p, (uint64_t)r->kind);
		p = put_field(p, &f[VIPCARE__F_STORE]);
		p = put_field(p, &f[VIPCARE__F_CATEGORY]);
		p = put_field(p, &f[VIPCARE__F_ORIGINAL]);
		break;
	case VIPCARE__REC_OVERRIDE:
		p = put_field(p, &f[VIPCARE__F_CUSTOMER]);
		p = put_field(p, &f[VIPCARE__F_TIER]);
		p = put_svarint(p, r->until);
		break;
	case VIPCARE__REC_CARE:
		p = put_field(p, &f[VIPCARE__F_CUSTOMER]);
		p = put_varint(p, (uint64_t)r->kind);
		p = put_field(p, &f[VIPCARE__F_OCCASION]);
		p = put_svarint(p, r->date);
		p = put_varint(p, (uint64_t)r->outcome);
		break;
	case VIPCARE__REC_REDEMPTION:
		p = put_field(p, &f[VIPCARE__F_ID]);
		p = put_field(p, &f[VIPCARE__F_CUSTOMER]);
		p = put_field(p, &f[VIPCARE__F_BENEFIT]);
		p = put_svarint(p, r->ts);
		p = put_varint(p, (uint64_t)r->quantity);
		break;
	case VIPCARE__REC_SURVEY:
		p = put_field(p, &f[VIPCARE__F_CUSTOMER]);
		p = put_svarint(p, r->ts);
		p = put_varint(p, (uint64_t)r->kind);
		p = put_varint(p, (uint64_t)r->score);
		break;
	case VIPCARE__REC_SERVICE:
		p = put_field(p, &f[VIPCARE__F_ID]);
		p = put_field(p, &f[VIPCARE__F_CUSTOMER]);
		p = put_varint(p, (uint64_t)r->kind);
		p = put_svarint(p, r->opened);
		p = put_svarint(p, r->first_response);
		p = put_svarint(p, r->resolved);
		break;
	default: /* VIPCARE__REC_POINTS */
		p = put_field(p, &f[VIPCARE__F_ID]);
		p = put_field(p, &f[VIPCARE__F_CUSTOMER]);
		p = put_svarint(p, r->ts);
		p = put_varint(p, (uint64_t)r->amount);
		p = put_field(p, &f[VIPCARE__F_REASON]);
		break;
	}
	return (size_t)(p - out);
}

/* ---------------------------------------------------------------- decoding */

struct input {
	const unsigned char *p;
	size_t n, pos;
	char *why;
	int failed;
};

static const char *const field_names[VIPCARE__F_COUNT] = {
	"id", "customer", "store", "category", "original", "advisor", "tier", "occasion",
	"benefit", "reason",
};

const char *vipcare__field_name(int which)
{
	return which >= 0 && which < VIPCARE__F_COUNT ? field_names[which] : "field";
}

static void bad(struct input *in, const char *what, const char *field)
{
	if (!in->failed)
		vipcare__fail(in->why, VIPCARE_E_CORRUPT, "%s%s%s", field ? field : "",
			      field ? ": " : "", what);
	in->failed = 1;
}

static uint64_t get_varint(struct input *in, const char *field)
{
	uint64_t v = 0;
	int shift = 0;

	for (;;) {
		unsigned char b;

		if (in->failed)
			return 0;
		if (in->pos >= in->n) {
			bad(in, "the record ends inside a number", field);
			return 0;
		}
		b = in->p[in->pos++];
		if (shift == 63 && b > 1) {
			bad(in, "a number above 64 bits", field);
			return 0;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			/* one way to write each number: no trailing zero group */
			if (b == 0 && shift > 0)
				bad(in, "a number written with needless bytes", field);
			return v;
		}
		shift += 7;
	}
}

static int64_t get_svarint(struct input *in, const char *field)
{
	uint64_t u = get_varint(in, field);

	return (u & 1) ? -(int64_t)(u >> 1) - 1 : (int64_t)(u >> 1);
}

static int32_t get_int32(struct input *in, const char *field)
{
	int64_t v = get_svarint(in, field);

	if (v < INT32_MIN || v > INT32_MAX) {
		bad(in, "a number out of range", field);
		return 0;
	}
	return (int32_t)v;
}

static int get_small(struct input *in, const char *field, uint64_t max)
{
	uint64_t v = get_varint(in, field);

	if (v > max) {
		bad(in, "a value out of range", field);
		return 0;
	}
	return (int)v;
}

/* A text field; @refs: whether it may refer to an earlier text. */
static void get_field(struct input *in, struct vipcare__rec *r, int which, size_t max, int refs)
{
	struct vipcare__field *f = &r->f[which];
	const char *name = field_names[which];
	uint64_t ref = get_varint(in, name), len;

	f->ref = 0;
	f->len = 0;
	f->text = r->storage[which];
	r->storage[which][0] = '\0';
	if (in->failed)
		return;
	if (ref != 0) {
		if (!refs)
			bad(in, "a reference where the text itself belongs", name);
		else if (ref > UINT32_MAX)
			bad(in, "a reference out of range", name);
		f->ref = (uint32_t)ref;
		return;
	}
	len = get_varint(in, name);
	if (in->failed)
		return;
	if (len > max) {
		bad(in, "a text longer than the field allows", name);
		return;
	}
	if (len > in->n - in->pos) {
		bad(in, "the record ends inside a text", name);
		return;
	}
	if (len > 0 && memchr(in->p + in->pos, '\0', (size_t)len) != NULL) {
		bad(in, "a NUL byte inside a text", name);
		return;
	}
	memcpy(r->storage[which], in->p + in->pos, (size_t)len);
	r->storage[which][len] = '\0';
	f->len = (size_t)len;
	in->pos += (size_t)len;
}

static void clear_fields(struct vipcare__rec *r)
{
	int i;

	for (i = 0; i < VIPCARE__F_COUNT; i++) {
		r->f[i].ref = 0;
		r->f[i].len = 0;
		r->f[i].text = r->storage[i];
		r->storage[i][0] = '\0';
	}
}

int vipcare__rec_decode(const unsigned char *p, size_t n, struct vipcare__rec *r, size_t *used,
			char *why)
{
	struct input in = { p, n, 0, why, 0 };
	uint64_t flags;

	clear_fields(r);
	r->joined = VIPCARE_DATE_NONE;
	r->until = VIPCARE_DATE_NONE;
	r->has_record = r->opt_out = r->consent = r->birthday_month = r->birthday_day = 0;
	r->ts = r->amount = r->opened = 0;
	r->first_response = r->resolved = VIPCARE_TIMESTAMP_NONE;
	r->date = 0;
	r->quantity = 0;
	r->kind = r->outcome = r->score = 0;
	if (n == 0)
		return vipcare__fail(why, VIPCARE_E_CORRUPT, "an empty record");
	r->type = p[0];
	in.pos = 1;
	switch (r->type) {
	case VIPCARE__REC_CUSTOMER:
		flags = get_varint(&in, "flags");
		if (flags > 3)
			bad(&in, "unknown flags", "flags");
		r->has_record = (flags & 1) != 0;
		r->opt_out = (flags & 2) != 0;
		get_field(&in, r, VIPCARE__F_ID, VIPCARE_ID_MAX, 0);
		r->joined = get_int32(&in, "joined");
		r->birthday_month = get_small(&in, "birthday", 255);
		r->birthday_day = get_small(&in, "birthday", 255);
		r->consent = get_small(&in, "consent", 255);
		get_field(&in, r, VIPCARE__F_ADVISOR, VIPCARE_ID_MAX, 1);
		get_field(&in, r, VIPCARE__F_TIER, VIPCARE_TIER_NAME_MAX, 0);
		r->until = get_int32(&in, "override end");
		break;
	case VIPCARE__REC_TRANSACTION:
		get_field(&in, r, VIPCARE__F_ID, VIPCARE_ID_MAX, 0);
		get_field(&in, r, VIPCARE__F_CUSTOMER, VIPCARE_ID_MAX, 1);
		r->ts = get_svarint(&in, "timestamp");
		r->amount = (int64_t)get_varint(&in, "amount");
		if (r->amount < 0)
			bad(&in, "an amount out of range", "amount");
		r->kind = get_small(&in, "kind", 255);
		get_field(&in, r, VIPCARE__F_STORE, VIPCARE_ID_MAX, 1);
		get_field(&in, r, VIPCARE__F_CATEGORY, VIPCARE_ID_MAX, 1);
		get_field(&in, r, VIPCARE__F_ORIGINAL, VIPCARE_ID_MAX, 0);
		break;
	case VIPCARE__REC_OVERRIDE:
		get_field(&in, r, VIPCARE__F_CUSTOMER, VIPCARE_ID_MAX, 1);
		get_field(&in, r, VIPCARE__F_TIER, VIPCARE_TIER_NAME_MAX, 0);
		r->until = get_int32(&in, "override end");
		break;
	case VIPCARE__REC_CARE:
		get_field(&in, r, VIPCARE__F_CUSTOMER, VIPCARE_ID_MAX, 1);
		r->kind = get_small(&in, "kind", 255);
		get_field(&in, r, VIPCARE__F_OCCASION, VIPCARE_OCCASION_MAX, 1);
		r->date = get_int32(&in, "date");
		r->outcome = get_small(&in, "outcome", 255);
		break;
	case VIPCARE__REC_REDEMPTION:
		get_field(&in, r, VIPCARE__F_ID, VIPCARE_ID_MAX, 0);
		get_field(&in, r, VIPCARE__F_CUSTOMER, VIPCARE_ID_MAX, 1);
		get_field(&in, r, VIPCARE__F_BENEFIT, VIPCARE_BENEFIT_ID_MAX, 0);
		r->ts = get_svarint(&in, "timestamp");
		r->quantity = (int32_t)get_small(&in, "quantity", INT32_MAX);
		break;
	case VIPCARE__REC_SURVEY:
		get_field(&in, r, VIPCARE__F_CUSTOMER, VIPCARE_ID_MAX, 1);
		r->ts = get_svarint(&in, "timestamp");
		r->kind = get_small(&in, "kind", 255);
		r->score = get_small(&in, "score", 255);
		break;
	case VIPCARE__REC_SERVICE:
		get_field(&in, r, VIPCARE__F_ID, VIPCARE_ID_MAX, 0);
		get_field(&in, r, VIPCARE__F_CUSTOMER, VIPCARE_ID_MAX, 1);
		r->kind = get_small(&in, "kind", 255);
		r->opened = get_svarint(&in, "opened");
		r->first_response = get_svarint(&in, "first response");
		r->resolved = get_svarint(&in, "resolved");
		break;
	case VIPCARE__REC_POINTS:
		get_field(&in, r, VIPCARE__F_ID, VIPCARE_ID_MAX, 0);
		get_field(&in, r, VIPCARE__F_CUSTOMER, VIPCARE_ID_MAX, 1);
		r->ts = get_svarint(&in, "timestamp");
		r->amount = (int64_t)get_varint(&in, "points");
		if (r->amount < 0)
			bad(&in, "points out of range", "points");
		get_field(&in, r, VIPCARE__F_REASON, VIPCARE_ID_MAX, 1);
		break;
	default:
		return vipcare__fail(why, VIPCARE_E_CORRUPT, "unknown record type %d", r->type);
	}
	if (in.failed)
		return VIPCARE_E_CORRUPT;
	*used = in.pos;
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- bytes in and out */

void vipcare__source_memory(struct vipcare__source *s, const void *data, size_t size)
{
	memset(s, 0, sizeof(*s));
	s->data = data;
	s->size = size;
}

#define WINDOW_BYTES (2 * VIPCARE__WINDOW)

int vipcare__source_file(struct vipcare__source *s, struct vipcare__file *f,
			 struct vipcare__mem *mem, char *msg)
{
	memset(s, 0, sizeof(*s));
	s->file = f;
	s->mem = mem;
	return vipcare__file_size(f, &s->size, msg);
}

int vipcare__source_get(struct vipcare__source *s, uint64_t at, size_t n,
			const unsigned char **out, size_t *avail, char *msg)
{
	uint64_t left = at < s->size ? s->size - at : 0;
	size_t got;
	int rc;

	*out = NULL;
	*avail = left < n ? (size_t)left : n;
	if (left < n)
		return VIPCARE_OK;
	if (s->data != NULL) {
		*out = s->data + at;
		return VIPCARE_OK;
	}
	if (s->window != NULL && at >= s->window_at && at - s->window_at + n <= s->window_len) {
		*out = s->window + (at - s->window_at);
		return VIPCARE_OK;
	}
	if (s->window == NULL) {
		s->window = vipcare__mem_alloc(s->mem, WINDOW_BYTES);
		if (s->window == NULL)
			return vipcare__fail(msg, VIPCARE_E_NO_MEMORY, "no memory to read %s",
					     s->file->path);
	}
	s->window_len = 0;
	rc = vipcare__file_read_at(s->file, at, s->window,
				   left < WINDOW_BYTES ? (size_t)left : WINDOW_BYTES, &got, msg);
	if (rc != VIPCARE_OK)
		return rc;
	s->window_at = at;
	s->window_len = got;
	if (got < n) {
		/* the file shrank while it was read */
		*avail = got;
		return VIPCARE_OK;
	}
	*out = s->window;
	return VIPCARE_OK;
}

void vipcare__source_release(struct vipcare__source *s)
{
	if (s->window != NULL)
		vipcare__mem_free(s->mem, s->window, WINDOW_BYTES);
	s->window = NULL;
}

int vipcare__sink_write(struct vipcare__sink *k, const void *p, size_t n, char *msg)
{
	int rc;

	if (k->file != NULL) {
		rc = vipcare__file_write_at(k->file, k->written, p, n, msg);
		if (rc == VIPCARE_OK)
			k->written += n;
		return rc;
	}
	if (k->written + n > k->capacity) {
		size_t cap = k->capacity ? k->capacity : 4096;
		unsigned char *grown;

		while (cap < k->written + n)
			cap *= 2;
		grown = realloc(k->data, cap);
		if (grown == NULL)
			return vipcare__fail(msg, VIPCARE_E_NO_MEMORY, "no memory for the bytes written");
		k->data = grown;
		k->capacity = cap;
	}
	memcpy(k->data + k->written, p, n);
	k->written += n;
	return VIPCARE_OK;
}
