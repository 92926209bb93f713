/*
 * libvipcare — fuzz target for the [benefit.ID] sections of the policy file.
 *
 * The input's first line is the benefit id, the rest the body of its
 * section (which may open further sections):
 *
 *     spa
 *     quota = 2 per day
 *     window = birthday±7
 *
 * is loaded as "[benefit.spa]\nquota = 2 per day\n...". An empty first line
 * gives the id "fuzz"; a CR ending the first line is dropped. Whatever the
 * input holds, loading must not crash, leak or read out of bounds; a
 * failed load leaves a message and the policy as it was; a policy that
 * loads is valid, and written back as text it loads over a default policy
 * to an equal policy that writes the same text.
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct vipcare_policy *policy)
{
	struct vipcare_policy *again = NULL;
	char *text = NULL, *text2 = NULL;

	if (vipcare_policy_to_text(policy, &text) != VIPCARE_OK)
		abort();
	if (vipcare_policy_new(&again) != VIPCARE_OK)
		abort();
	if (vipcare_policy_load_string(again, text, strlen(text), "written.ini") != VIPCARE_OK ||
	    !vipcare_policy_equal(policy, again))
		abort();
	if (vipcare_policy_to_text(again, &text2) != VIPCARE_OK || strcmp(text, text2) != 0)
		abort();
	vipcare_free(text2);
	vipcare_free(text);
	vipcare_policy_unref(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "[benefit.";
	struct vipcare_policy *policy = NULL, *fresh = NULL;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t id_len = nl != NULL ? (size_t)(nl - data) : size;
	size_t body = nl != NULL ? size - id_len - 1 : 0;
	size_t len;
	char *text;
	int status;

	/* a CRLF file: the id line ends before its CR */
	if (nl != NULL && id_len > 0 && data[id_len - 1] == '\r')
		id_len--;

	/* the text is at most the input plus "[benefit.fuzz]\n" */
	text = malloc(sizeof(head) + 4 + size + 2);
	if (text == NULL)
		return 0;
	memcpy(text, head, sizeof(head) - 1);
	len = sizeof(head) - 1;
	if (id_len == 0) {
		memcpy(text + len, "fuzz", 4);
		len += 4;
	} else {
		memcpy(text + len, data, id_len);
		len += id_len;
	}
	text[len++] = ']';
	text[len++] = '\n';
	if (body > 0)
		memcpy(text + len, nl + 1, body);
	len += body;

	if (vipcare_policy_new(&policy) != VIPCARE_OK || vipcare_policy_new(&fresh) != VIPCARE_OK)
		abort();
	status = vipcare_policy_load_string(policy, text, len, "fuzz.ini");
	if (status != VIPCARE_OK) {
		/* a failed load leaves a message and an untouched policy behind */
		if (vipcare_policy_last_error(policy)[0] == '\0' || !vipcare_policy_equal(policy, fresh))
			abort();
	} else {
		if (vipcare_policy_validate(policy) != VIPCARE_OK)
			abort();
		round_trip(policy);
	}
	free(text);
	vipcare_policy_unref(fresh);
	vipcare_policy_unref(policy);
	return 0;
}
