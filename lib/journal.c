/*
 * libvipcare — the journal's bytes, and reading them back.
 *
 * A journal (state.journal in a state folder, see state.c) holds every
 * state-changing call since the folder's last checkpoint. Its bytes
 * (integers little-endian):
 *
 *   header, 40 bytes:
 *     magic        8  "VIPCJRNL"
 *     version      u32 (1)
 *     header size  u32 (40; the checksum is always its last 4 bytes)
 *     store id     u64  the same as the snapshot's
 *     generation   u64  the snapshot generation it continues (0: none yet)
 *     reserved     u32 (0)
 *     crc32        u32  of the 36 bytes before it
 *   records, each:
 *     crc32        u32  of the 4 length bytes and the record
 *     length       u32  1 .. 512
 *     record       a record of record.c, texts written out
 *
 * Reading replays the records through the public calls' paths
 * (apply.c). A crash while a record was written leaves it torn at the
 * end: it is dropped and reported. Damage followed by an intact record
 * is not a crash's doing and is refused. See docs/durability.md.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"

#define MAGIC "VIPCJRNL"
#define VERSION 1u
#define FRAME 8

typedef unsigned long long ull;

/* ---------------------------------------------------------------- format */

void vipcare__journal_header(unsigned char *out, uint64_t store_id, uint64_t generation)
{
	memcpy(out, MAGIC, 8);
	vipcare__put_le(out + 8, VERSION, 4);
	vipcare__put_le(out + 12, VIPCARE__JOURNAL_HEADER, 4);
	vipcare__put_le(out + 16, store_id, 8);
	vipcare__put_le(out + 24, generation, 8);
	vipcare__put_le(out + 32, 0, 4);
	vipcare__put_le(out + 36, vipcare__crc32(out, 36), 4);
}

size_t vipcare__journal_frame(unsigned char *out, const unsigned char *payload, size_t len)
{
	if (out + FRAME != payload)
		memmove(out + FRAME, payload, len);
	vipcare__put_le(out + 4, len, 4);
	vipcare__put_le(out, vipcare__crc32(out + 4, 4 + len), 4);
	return FRAME + len;
}

int vipcare__journal_read_header(struct vipcare__source *src, const char *name, uint64_t *store_id,
		       uint64_t *generation, char *msg)
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
					     "journal %s: truncated: the file is empty", name);
		if (memcmp(part, MAGIC, avail < 8 ? avail : 8) != 0)
			return vipcare__fail(msg, VIPCARE_E_FOREIGN,
					     "journal %s: not a vipcare journal: it does not start with \"%s\"",
					     name, MAGIC);
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "journal %s: truncated: the file ends at byte %zu, inside its %d-byte header",
				     name, avail, VIPCARE__JOURNAL_HEADER);
	}
	if (memcmp(h, MAGIC, 8) != 0)
		return vipcare__fail(msg, VIPCARE_E_FOREIGN,
				     "journal %s: not a vipcare journal: it does not start with \"%s\"", name,
				     MAGIC);
	version = (uint32_t)vipcare__get_le(h + 8, 4);
	size = (size_t)vipcare__get_le(h + 12, 4);
	if (size < VIPCARE__JOURNAL_HEADER || size > 4096 ||
	    (version == VERSION && size != VIPCARE__JOURNAL_HEADER))
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "journal %s: the header (byte 12) gives its size as %zu bytes", name, size);
	rc = vipcare__source_get(src, 0, size, &h, &avail, msg);
	if (rc != VIPCARE_OK)
		return rc;
	if (h == NULL)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "journal %s: truncated: the file ends at byte %zu, inside its %zu-byte header",
				     name, avail, size);
	crc = (uint32_t)vipcare__get_le(h + size - 4, 4);
	computed = vipcare__crc32(h, size - 4);
	if (crc != computed)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "journal %s: the header (bytes 0 .. %zu) fails its checksum: CRC-32 %08lx stored, %08lx computed",
				     name, size - 1, (unsigned long)crc, (unsigned long)computed);
	if (version == 0)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "journal %s: the header (byte 8) gives format version 0", name);
	if (version > VERSION)
		return vipcare__fail(msg, VIPCARE_E_VERSION,
				     "journal %s: written in format version %lu (header, byte 8) by a newer libvipcare; this one reads version %u",
				     name, (unsigned long)version, VERSION);
	if (vipcare__get_le(h + 32, 4) != 0)
		return vipcare__fail(msg, VIPCARE_E_CORRUPT,
				     "journal %s: the header's reserved bytes (byte 32) are not zero", name);
	*store_id = vipcare__get_le(h + 16, 8);
	*generation = vipcare__get_le(h + 24, 8);
	return VIPCARE_OK;
}

/*
 * Whether a whole record is at byte @at: 1 with *payload and *len set, 0
 * with the reason in @why (160 bytes), or a negative status (I/O).
 */
static int frame_at(struct vipcare__source *src, uint64_t at, const unsigned char **payload,
		    uint32_t *len, char *why, char *msg)
{
	const unsigned char *p;
	size_t avail;
	uint32_t crc;
	int rc = vipcare__source_get(src, at, FRAME, &p, &avail, msg);

	if (rc != VIPCARE_OK)
		return rc;
	if (p == NULL) {
		snprintf(why, 160, "is cut short: %zu of the 8 bytes of its frame are there", avail);
		return 0;
	}
	crc = (uint32_t)vipcare__get_le(p, 4);
	*len = (uint32_t)vipcare__get_le(p + 4, 4);
	if (*len == 0 || *len > VIPCARE__REC_MAX) {
		snprintf(why, 160, "gives its length as %lu bytes (1 .. %d)", (unsigned long)*len,
			 VIPCARE__REC_MAX);
		return 0;
	}
	rc = vipcare__source_get(src, at, FRAME + *len, &p, &avail, msg);
	if (rc != VIPCARE_OK)
		return rc;
	if (p == NULL) {
		snprintf(why, 160, "is cut short: %zu of its %lu bytes are there", avail,
			 (unsigned long)(FRAME + *len));
		return 0;
	}
	if (crc != vipcare__crc32(p + 4, 4 + *len)) {
		snprintf(why, 160, "fails its checksum");
		return 0;
	}
	*payload = p + FRAME;
	return 1;
}

/*
 * The first byte after @from where a whole, readable record starts, or 0.
 * A crash cuts the journal short inside its last record; an intact
 * record after damaged bytes means damage of another kind.
 */
static int find_intact(struct vipcare__source *src, uint64_t from, uint64_t *found, char *msg)
{
	struct vipcare__rec r;
	const unsigned char *payload;
	char why[160], ignored[VIPCARE__MSG_SIZE];
	uint32_t len;
	size_t used;
	uint64_t at;
	int rc;

	*found = 0;
	for (at = from; at + FRAME < src->size; at++) {
		rc = frame_at(src, at, &payload, &len, why, msg);
		if (rc < 0)
			return rc;
		if (rc == 1 && vipcare__rec_decode(payload, len, &r, &used, ignored) == VIPCARE_OK &&
		    used == len) {
			*found = at;
			return VIPCARE_OK;
		}
	}
	return VIPCARE_OK;
}

int vipcare__journal_replay(struct vipcare_engine *e, struct vipcare__source *src, const char *name,
			    struct vipcare__journal_scan *scan, char *msg)
{
	struct vipcare__applier ap;
	struct vipcare__rec r;
	char why[VIPCARE__MSG_SIZE];
	uint64_t at = VIPCARE__JOURNAL_HEADER;
	int rc;

	memset(scan, 0, sizeof(*scan));
	rc = vipcare__journal_read_header(src, name, &scan->store_id, &scan->generation, msg);
	if (rc != VIPCARE_OK)
		return rc;
	rc = vipcare__applier_init(&ap, e, 0, "journal", name, msg);
	if (rc != VIPCARE_OK)
		return rc;
	while (at < src->size) {
		const unsigned char *payload = NULL;
		uint32_t len = 0;
		size_t used = 0;
		uint64_t intact;

		rc = frame_at(src, at, &payload, &len, scan->dropped_why, msg);
		if (rc < 0)
			break;
		if (rc == 0) {
			rc = find_intact(src, at + 1, &intact, msg);
			if (rc != VIPCARE_OK)
				break;
			if (intact != 0) {
				rc = vipcare__fail(msg, VIPCARE_E_CORRUPT,
						   "journal %s: the record at byte %llu %s, but an intact record follows at byte %llu: the journal is damaged, not cut short by a crash",
						   name, (ull)at, scan->dropped_why, (ull)intact);
				break;
			}
			scan->dropped_at = at;
			scan->dropped_bytes = src->size - at;
			break;
		}
		rc = vipcare__rec_decode(payload, len, &r, &used, why);
		if (rc == VIPCARE_OK && used != len)
			rc = vipcare__fail(why, VIPCARE_E_CORRUPT, "%lu bytes follow the record in its frame",
					   (unsigned long)(len - used));
		if (rc != VIPCARE_OK) {
			rc = vipcare__fail(msg, VIPCARE_E_CORRUPT,
					   "journal %s: the record at byte %llu passes its checksum but cannot be read: %s",
					   name, (ull)at, why);
			break;
		}
		rc = vipcare__applier_add(&ap, &r, at);
		if (rc != VIPCARE_OK)
			break;
		at += FRAME + len;
	}
	scan->records = ap.applied;
	scan->good_end = at;
	vipcare__applier_release(&ap);
	return rc < 0 ? rc : VIPCARE_OK;
}

int vipcare__journal_replay_memory(struct vipcare_engine *e, const void *data, size_t size,
				   struct vipcare__journal_scan *scan)
{
	struct vipcare__source src;

	vipcare__source_memory(&src, data, size);
	return vipcare__journal_replay(e, &src, "(memory)", scan, e->last_error);
}
