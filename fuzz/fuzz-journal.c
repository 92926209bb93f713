/*
 * libvipcare — fuzz target for the journal reader.
 *
 * Whatever the bytes, replaying them must not crash, leak or read out of
 * bounds; a refusal carries a message; an accepted journal accounts for
 * every byte (records replayed up to good_end, a torn end dropped after
 * it), and the engine it gives saves to a snapshot that loads. Each input
 * is tried as it is and with every checksum made right (the header's and
 * each whole record's), so that the fuzzer gets into the records.
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

#include "durability-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fix_checksums(unsigned char *p, size_t size)
{
	size_t at = VIPCARE__JOURNAL_HEADER;

	if (size < VIPCARE__JOURNAL_HEADER)
		return;
	vipcare__put_le(p + 36, vipcare__crc32(p, 36), 4);
	while (at + 8 <= size) {
		size_t len = (size_t)vipcare__get_le(p + at + 4, 4);

		if (len < 1 || len > VIPCARE__REC_MAX || len > size - at - 8)
			break;
		vipcare__put_le(p + at, vipcare__crc32(p + at + 4, 4 + len), 4);
		at += 8 + len;
	}
}

static void replay(const unsigned char *bytes, size_t size)
{
	struct vipcare__journal_scan scan;
	struct vipcare_engine *e = NULL, *copy = NULL;
	unsigned char *snapshot = NULL;
	size_t n = 0;
	int rc;

	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK)
		abort();
	rc = vipcare__journal_replay_memory(e, bytes, size, &scan);
	if (rc != VIPCARE_OK) {
		if (vipcare_engine_last_error(e)[0] == '\0')
			abort();
		vipcare_engine_unref(e);
		return;
	}
	if (scan.good_end < VIPCARE__JOURNAL_HEADER || scan.good_end + scan.dropped_bytes != size ||
	    (scan.dropped_bytes != 0 && scan.dropped_at != scan.good_end))
		abort();
	if (vipcare__snapshot_save_memory(e, 1, 0, &snapshot, &n) != VIPCARE_OK ||
	    vipcare_engine_new(&copy, NULL) != VIPCARE_OK ||
	    vipcare__snapshot_load_memory(copy, snapshot, n) != VIPCARE_OK ||
	    vipcare_engine_transaction_count(copy) != vipcare_engine_transaction_count(e) ||
	    vipcare_engine_redemption_count(copy) != vipcare_engine_redemption_count(e))
		abort();
	vipcare_free(snapshot);
	vipcare_engine_unref(copy);
	vipcare_engine_unref(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *fixed = malloc(size + 1);

	if (fixed == NULL)
		return 0;
	replay(data, size);
	memcpy(fixed, data, size);
	fix_checksums(fixed, size);
	replay(fixed, size);
	free(fixed);
	return 0;
}
