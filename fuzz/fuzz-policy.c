/*
 * libvipcare — fuzz target for the policy file.
 *
 * Loads the input over a default policy. Whatever it holds, loading must
 * not crash, leak or read out of bounds; when it loads, the policy written
 * back as text must load over a default policy to an equal policy.
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
	struct vipcare_policy *policy = NULL, *again = NULL;
	char *text = NULL;
	int status;

	if (vipcare_policy_new(&policy) != VIPCARE_OK)
		return 0;
	status = vipcare_policy_load_string(policy, (const char *)data, size, "fuzz.ini");
	/* a failed load leaves a message and an untouched policy behind */
	if (status != VIPCARE_OK && vipcare_policy_last_error(policy)[0] == '\0')
		abort();
	if (status == VIPCARE_OK) {
		if (vipcare_policy_validate(policy) != VIPCARE_OK)
			abort();
		if (vipcare_policy_to_text(policy, &text) != VIPCARE_OK)
			abort();
		if (vipcare_policy_new(&again) != VIPCARE_OK)
			abort();
		if (vipcare_policy_load_string(again, text, strlen(text), "written.ini") !=
			    VIPCARE_OK ||
		    !vipcare_policy_equal(policy, again))
			abort();
	}
	vipcare_free(text);
	vipcare_policy_unref(again);
	vipcare_policy_unref(policy);
	return 0;
}
