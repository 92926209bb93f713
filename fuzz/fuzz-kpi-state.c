/*
 * libvipcare — fuzz target for serialised KPI states.
 *
 * Whatever the bytes, reading them must not crash, leak or read out of
 * bounds, and a refusal carries a message. Bytes that are accepted are a
 * state that writes back to exactly the same bytes (the format is
 * canonical), prints as JSON and CSV, and merges with itself.
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vipcare_kpi_state *s = NULL, *twice = NULL;
	char err[VIPCARE_ERRBUF_SIZE];
	void *bytes = NULL;
	size_t n = 0;
	char *text = NULL;
	int status;

	err[0] = '\0';
	status = vipcare_kpi_state_deserialize(&s, data, size, err, sizeof(err));
	if (status != VIPCARE_OK) {
		if (s != NULL || err[0] == '\0')
			abort();
		return 0;
	}
	if (vipcare_kpi_state_serialize(s, &bytes, &n) != VIPCARE_OK || n != size ||
	    memcmp(bytes, data, size) != 0)
		abort();
	vipcare_free(bytes);
	if (vipcare_kpi_state_to_json(s, &text) != VIPCARE_OK)
		abort();
	vipcare_free(text);
	if (vipcare_kpi_state_to_csv(s, &text) != VIPCARE_OK)
		abort();
	vipcare_free(text);
	if (vipcare_kpi_state_deserialize(&twice, data, size, err, sizeof(err)) != VIPCARE_OK)
		abort();
	status = vipcare_kpi_state_merge(twice, s);
	if (status != VIPCARE_OK && status != VIPCARE_E_RANGE)
		abort();
	vipcare_kpi_state_unref(twice);
	vipcare_kpi_state_unref(s);
	return 0;
}
