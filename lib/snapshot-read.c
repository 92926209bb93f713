/*
 * libvipcare — reading a snapshot (its bytes are described in snapshot.c)
 * into an engine: every byte checked (the magic, the checksums, the
 * version, the sections' order and counts), every record given to the
 * engine through the public calls' paths (apply.c), into a twin of the
 * engine that the engine takes over only when all of it was read, so
 * that a refused file changes nothing.
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

static const char *const section_names[SECTIONS + 1] = {
	"none", "customers", "transactions", "redemptions", "care records", "survey responses",
	"service requests", "points redemptions",
};

/* The record type of each section. */
static const int section_types[SECTIONS + 1] = {
	0,
	VIPCARE__REC_CUSTOMER,
	VIPCARE__REC_TRANSACTION,
	VIPCARE__REC_REDEMPTION,
	VIPCARE__REC_CARE,
	VIPCARE__REC_SURVEY,
	VIPCARE__REC_SERVICE,
	VIPCARE__REC_POINTS,
};

/* ---------------------------------------------------------------- reading */

typedef unsigned long long ull;

static int truncated_header(char *msg, const char *name, size_t avail, size_t size)
{
	return vipcare__fail(msg, VIPCARE_E_CORRUPT,
			     "snapshot %s: truncated: the file ends at byte %zu, inside its %zu-byte header",
			     name, avail, size);
}

static int read_header(struct vipcare__source *src, const char *name,
		       struct vipcare__snapshot_info *info, char *msg)
{
	const unsigned char *h;
	size_t avail, size;
	uint32_t version, crc, computed;
	int rc = vipcare__source_get(src, 0, 16, &h, &avail, msg);

	if (rc != VIPCARE_OK)
		return rc;
	if (h == NULL) {
		const unsigned char *part = NULL;

		if (avail > 0)
			rc = vipcare__source_get(src, 0, avail, &part, &avail, msg);
		if (rc != VIPCARE_OK)
			return rc;
		if (avail == 0)
			return vipcare__fail(msg, VIPCARE_E_CORRUPT,
					     "snapshot %s: truncated: the file is empty", name);
		if (memcmp(part, MAGIC, avail < 8 ? avail : 8) != 0)
			return vipcare__fail(msg, VIPCARE_E_FOREIGN,
					     "snapshot %s: not a vipcare snapshot: it does not start with \"%s\"",
					     name, MAGIC);
		return truncated_header(msg, name, avail, VIPCARE__SNAPSHOT_HEADER);
	}
	if (memcmp(h, MAGIC, 8) != 0)
		return vipcare__fail(msg, VIPCARE_E_FOREIGN,
				     "snapshot %s: not a vipcare snapshot: it does not start with \"%s\"",
				     name, MAGIC);
	version = (uint32_t)vipcare__get_le(h + 8, 4);
	size = (size_t)vipcare__get_le(h + 12, 4);
	if (size < VIPCARE__SNAPSHOT_HEADER || size > 4096 ||
	    (version == VERSION && size != VIPCARE__SNAPSHOT_HEADER))
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the header (byte 12) gives its size as %zu bytes", name,
				     size);
	rc = vipcare__source_get(src, 0, size, &h, &avail, msg);
	if (rc != VIPCARE_OK)
		return rc;
	if (h == NULL)
		return truncated_header(msg, name, avail, size);
	/* the checksum first: a damaged version field is damage, not a newer file */
	crc = (uint32_t)vipcare__get_le(h + size - 4, 4);
	computed = vipcare__crc32(h, size - 4);
	if (crc != computed)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the header (bytes 0 .. %zu) fails its checksum: CRC-32 %08lx stored, %08lx computed",
				     name, size - 1, (unsigned long)crc, (unsigned long)computed);
	if (version == 0)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the header (byte 8) gives format version 0", name);
	if (version > VERSION)
		return vipcare__fail(msg, VIPCARE_E_VERSION,
				     "snapshot %s: written in format version %lu (header, byte 8) by a newer libvipcare; this one reads version %u",
				     name, (unsigned long)version, VERSION);
	if (vipcare__get_le(h + 32, 4) != 0)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the header's reserved bytes (byte 32) are not zero", name);
	info->store_id = vipcare__get_le(h + 16, 8);
	info->generation = vipcare__get_le(h + 24, 8);
	return VIPCARE_OK;
}

/* The records of one block, of section @section, at byte @at. */
static int read_records(struct vipcare__applier *ap, const unsigned char *body, uint32_t length,
			uint32_t records, int section, uint64_t at, const char *name, char *msg)
{
	struct vipcare__rec r;
	char why[VIPCARE__MSG_SIZE];
	size_t off = 0, used = 0;
	uint32_t k;
	int rc;

	for (k = 0; k < records; k++) {
		if (off >= length)
			return vipcare__fail(msg, VIPCARE_E_CORRUPT,
					     "snapshot %s: the block at byte %llu says it holds %lu records but its bytes end after %lu",
					     name, (ull)at, (unsigned long)records, (unsigned long)k);
		rc = vipcare__rec_decode(body + off, length - off, &r, &used, why);
		if (rc != VIPCARE_OK)
			return vipcare__fail(msg, rc, "snapshot %s: the record at byte %llu: %s", name,
					     (ull)(at + BLOCK_HEADER + off), why);
		if (r.type != section_types[section])
			return vipcare__fail(msg, VIPCARE_E_CORRUPT,
					     "snapshot %s: the record at byte %llu is a %s record in the %s section",
					     name, (ull)(at + BLOCK_HEADER + off),
					     vipcare__rec_name(r.type), section_names[section]);
		rc = vipcare__applier_add(ap, &r, at + BLOCK_HEADER + off);
		if (rc != VIPCARE_OK)
			return rc;
		off += used;
	}
	if (off != length)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the block at byte %llu has %lu bytes after its %lu records",
				     name, (ull)at, (unsigned long)(length - off), (unsigned long)records);
	return VIPCARE_OK;
}

static int check_end(const unsigned char *b, const uint64_t *counts, uint64_t at, uint64_t size,
		     const char *name, char *msg)
{
	int i;

	for (i = 1; i <= SECTIONS; i++) {
		uint64_t said = vipcare__get_le(b + BLOCK_HEADER + 8 * (i - 1), 8);

		if (said != counts[i])
			return vipcare__fail(msg, VIPCARE_E_CORRUPT,
					     "snapshot %s: the end block at byte %llu counts %llu %s, the file holds %llu",
					     name, (ull)at, (ull)said, section_names[i], (ull)counts[i]);
	}
	if (at + BLOCK_HEADER + END_BODY != size)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: %llu bytes follow the end block at byte %llu", name,
				     (ull)(size - (at + BLOCK_HEADER + END_BODY)), (ull)at);
	return VIPCARE_OK;
}

/* One block at byte @at; *end is set at the end block. */
static int read_block(struct vipcare__applier *ap, struct vipcare__source *src, uint64_t *at,
		      int *last, uint64_t *counts, int *end, const char *name, char *msg)
{
	const unsigned char *b;
	size_t avail;
	uint32_t records, length, crc;
	int section, rc = vipcare__source_get(src, *at, BLOCK_HEADER, &b, &avail, msg);

	if (rc != VIPCARE_OK)
		return rc;
	if (b == NULL) {
		if (avail == 0)
			return vipcare__fail(msg, VIPCARE_E_CORRUPT,
					     "snapshot %s: truncated: the file ends at byte %llu without its end block",
					     name, (ull)*at);
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: truncated: the file ends at byte %llu, inside the block header at byte %llu",
				     name, (ull)(*at + avail), (ull)*at);
	}
	section = b[4];
	records = (uint32_t)vipcare__get_le(b + 8, 4);
	length = (uint32_t)vipcare__get_le(b + 12, 4);
	crc = (uint32_t)vipcare__get_le(b, 4);
	if (length > BLOCK_MAX)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the block at byte %llu gives its length as %lu bytes, above the %lu allowed",
				     name, (ull)*at, (unsigned long)length, (unsigned long)BLOCK_MAX);
	rc = vipcare__source_get(src, *at, BLOCK_HEADER + length, &b, &avail, msg);
	if (rc != VIPCARE_OK)
		return rc;
	if (b == NULL)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: truncated: the file ends at byte %llu, inside the block at byte %llu (%lu bytes long)",
				     name, (ull)(*at + avail), (ull)*at,
				     (unsigned long)(BLOCK_HEADER + length));
	if (crc != vipcare__crc32(b + 4, BLOCK_HEADER - 4 + length))
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the block at byte %llu (%lu bytes) fails its checksum",
				     name, (ull)*at, (unsigned long)(BLOCK_HEADER + length));
	if (b[5] != 0 || b[6] != 0 || b[7] != 0)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the block at byte %llu has reserved bytes that are not zero",
				     name, (ull)*at);
	if (section == SECTION_END) {
		*end = 1;
		rc = vipcare__applier_flush(ap);
		if (rc != VIPCARE_OK)
			return rc;
		if (records != 0 || length != END_BODY)
			return vipcare__fail(msg, VIPCARE_E_CORRUPT,
					     "snapshot %s: the end block at byte %llu has %lu records and %lu bytes",
					     name, (ull)*at, (unsigned long)records, (unsigned long)length);
		return check_end(b, counts, *at, src->size, name, msg);
	}
	if (section < 1 || section > SECTIONS)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the block at byte %llu is of unknown section %d", name,
				     (ull)*at, section);
	if (section < *last)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "snapshot %s: the block at byte %llu (%s) comes after the %s section",
				     name, (ull)*at, section_names[section], section_names[*last]);
	*last = section;
	rc = read_records(ap, b + BLOCK_HEADER, length, records, section, *at, name, msg);
	if (rc != VIPCARE_OK)
		return rc;
	counts[section] += records;
	*at += BLOCK_HEADER + length;
	return VIPCARE_OK;
}

int vipcare__snapshot_read(struct vipcare_engine *e, struct vipcare__source *src, const char *name,
			   struct vipcare__snapshot_info *info, char *msg)
{
	struct vipcare__applier ap;
	uint64_t at = VIPCARE__SNAPSHOT_HEADER, counts[SECTIONS + 1] = { 0 };
	int rc, last = 0, end = 0;

	rc = read_header(src, name, info, msg);
	if (rc != VIPCARE_OK)
		return rc;
	rc = vipcare__applier_init(&ap, e, 1, "snapshot", name, msg);
	if (rc != VIPCARE_OK)
		return rc;
	while (rc == VIPCARE_OK && !end)
		rc = read_block(&ap, src, &at, &last, counts, &end, name, msg);
	info->records = ap.applied;
	vipcare__applier_release(&ap);
	return rc;
}

/* ---------------------------------------------------------------- the engine's part */

int vipcare__engine_is_empty(const struct vipcare_engine *e)
{
	return e->customers.count == 0 && e->txn_cold.count == 0 && e->redemptions.count == 0 &&
	       e->care_records.count == 0 && e->surveys.count == 0 && e->service.count == 0 &&
	       e->points_redemptions.count == 0;
}

int vipcare__engine_twin(struct vipcare_engine *e, struct vipcare_engine **out)
{
	return vipcare_engine_new_with_allocator(out, &e->policy, e->mem.realloc_fn, e->mem.free_fn,
						 e->mem.user_data);
}

/* Exchanges @n bytes of @a and @b. */
static void swap_bytes(void *a, void *b, size_t n)
{
	unsigned char *x = a, *y = b, t[256];

	while (n > 0) {
		size_t k = n < sizeof(t) ? n : sizeof(t);

		memcpy(t, x, k);
		memcpy(x, y, k);
		memcpy(y, t, k);
		x += k;
		y += k;
		n -= k;
	}
}

void vipcare__engine_adopt(struct vipcare_engine *e, struct vipcare_engine *loaded)
{
	/*
	 * The whole structures are exchanged, so that a field added to the
	 * engine later moves too; then @e takes back what is its own: its
	 * references, journal, last error and allocator count. That count
	 * keeps the memory of @e's cursors (which still hold it) and gains
	 * what @loaded held beyond its structure; @e's old contents are freed
	 * first, through it.
	 */
	struct vipcare__mem mem, twin;
	struct vipcare__journal *journal = e->journal;
	uint64_t generation = e->generation + loaded->generation + 1;
	int refcount = e->refcount;

	vipcare__engine_release_contents(e, &e->mem);
	mem = e->mem;
	mem.used += loaded->mem.used - sizeof(*loaded);
	swap_bytes(e, loaded, sizeof(*e));
	swap_bytes(e->last_error, loaded->last_error, sizeof(e->last_error));
	twin = loaded->mem;
	e->mem = mem;
	e->refcount = refcount;
	e->journal = journal;
	e->generation = generation;
	/* @loaded now holds @e's old contents, freed already: only its structure is left */
	vipcare__mem_free(&twin, loaded, sizeof(*loaded));
}

/*
 * Loads from @f (or @data, @size when @f is NULL) into a twin of @e, then
 * into @e. The twin's allocator serves the reading, so that each
 * engine's count of bytes stays its own.
 */
static int load_into(struct vipcare_engine *e, struct vipcare__file *f, const void *data,
		     size_t size, const char *name, struct vipcare__snapshot_info *info)
{
	struct vipcare_engine *loaded = NULL;
	struct vipcare__source src;
	int rc = vipcare__engine_twin(e, &loaded);

	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no memory to load snapshot %s", name);
	if (f != NULL)
		rc = vipcare__source_file(&src, f, &loaded->mem, e->last_error);
	else
		vipcare__source_memory(&src, data, size);
	if (rc == VIPCARE_OK)
		rc = vipcare__snapshot_read(loaded, &src, name, info, e->last_error);
	vipcare__source_release(&src);
	if (rc != VIPCARE_OK) {
		vipcare_engine_unref(loaded);
		return rc;
	}
	vipcare__engine_adopt(e, loaded);
	return VIPCARE_OK;
}

/* Why @e cannot be loaded into, or VIPCARE_OK. */
static int check_loadable(struct vipcare_engine *e)
{
	if (e->journal != NULL)
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the engine records into a state folder; a snapshot cannot be loaded into it");
	if (!vipcare__engine_is_empty(e))
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the engine already holds %zu customers and %zu transactions; load into a new engine",
				     e->customers.count, e->txn_cold.count);
	return VIPCARE_OK;
}

int vipcare__snapshot_load_memory(struct vipcare_engine *e, const void *data, size_t size)
{
	struct vipcare__snapshot_info info;
	int rc = check_loadable(e);

	if (rc != VIPCARE_OK)
		return rc;
	return load_into(e, NULL, data, size, "(memory)", &info);
}

VIPCARE_API int vipcare_engine_load_snapshot(struct vipcare_engine *e, const char *path)
{
	struct vipcare__snapshot_info info;
	struct vipcare__file f;
	int rc;

	if (e == NULL || path == NULL || path[0] == '\0')
		return VIPCARE_E_INVALID_ARGUMENT;
	rc = check_loadable(e);
	if (rc != VIPCARE_OK)
		return rc;
	rc = vipcare__file_open(&f, path, VIPCARE__OPEN_READ, e->last_error);
	if (rc != VIPCARE_OK)
		return rc;
	rc = load_into(e, &f, NULL, 0, path, &info);
	vipcare__file_close(&f);
	return rc;
}
