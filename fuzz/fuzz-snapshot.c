/*
 * libvipcare — fuzz target for the snapshot reader.
 *
 * Whatever the bytes, loading them must not crash, leak or read out of
 * bounds; a refusal leaves the engine empty and carries a message. Each
 * input is tried twice: as it is, and with every checksum made right (the
 * header's and each block's), so that the fuzzer gets past the checksums
 * into the records. A snapshot that loads saves again, loads again, and
 * its second save gives the same bytes as its first.
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

#include "durability-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Makes the header's and every whole block's CRC-32 right. */
static void fix_checksums(unsigned char *p, size_t size)
{
	size_t at = VIPCARE__SNAPSHOT_HEADER;

	if (size < VIPCARE__SNAPSHOT_HEADER)
		return;
	vipcare__put_le(p + 36, vipcare__crc32(p, 36), 4);
	while (at + 16 <= size) {
		size_t len = (size_t)vipcare__get_le(p + at + 12, 4);

		if (len > size - at - 16)
			break;
		vipcare__put_le(p + at, vipcare__crc32(p + at + 4, 12 + len), 4);
		at += 16 + len;
	}
}

static void load(const unsigned char *bytes, size_t size)
{
	struct vipcare_engine *e = NULL, *again = NULL;
	unsigned char *first = NULL, *second = NULL;
	size_t n1 = 0, n2 = 0;
	int rc;

	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK)
		abort();
	rc = vipcare__snapshot_load_memory(e, bytes, size);
	if (rc != VIPCARE_OK) {
		if (vipcare_engine_last_error(e)[0] == '\0' || vipcare_engine_customer_count(e) != 0 ||
		    vipcare_engine_transaction_count(e) != 0 || vipcare_engine_redemption_count(e) != 0)
			abort();
		vipcare_engine_unref(e);
		return;
	}
	if (vipcare__snapshot_save_memory(e, 1, 0, &first, &n1) != VIPCARE_OK ||
	    vipcare_engine_new(&again, NULL) != VIPCARE_OK ||
	    vipcare__snapshot_load_memory(again, first, n1) != VIPCARE_OK ||
	    vipcare__snapshot_save_memory(again, 1, 0, &second, &n2) != VIPCARE_OK)
		abort();
	if (n1 != n2 || memcmp(first, second, n1) != 0 ||
	    vipcare_engine_customer_count(again) != vipcare_engine_customer_count(e) ||
	    vipcare_engine_transaction_count(again) != vipcare_engine_transaction_count(e))
		abort();
	vipcare_free(first);
	vipcare_free(second);
	vipcare_engine_unref(again);
	vipcare_engine_unref(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *fixed = malloc(size + 1);

	if (fixed == NULL)
		return 0;
	load(data, size);
	memcpy(fixed, data, size);
	fix_checksums(fixed, size);
	load(fixed, size);
	free(fixed);
	return 0;
}
