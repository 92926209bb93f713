/*
 * libvipcare — the vipcare command: the policy, the engine and the data
 * folder a subcommand works on.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "cli.h"
#include "load.h"

int session_policy(struct session *s, const struct options *o)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if (vipcare_policy_new(&s->policy) != VIPCARE_OK) {
		fprintf(stderr, "vipcare %s: out of memory\n", o->command);
		return EXIT_IO;
	}
	if (o->policy == NULL)
		return EXIT_DONE; /* the default policy */
	rc = vipcare_policy_load_file(s->policy, o->policy);
	if (rc == VIPCARE_OK)
		return EXIT_DONE;
	/* the message names the file, line and column */
	fprintf(stderr, "%s\n", vipcare_policy_last_error(s->policy));
	return rc == VIPCARE_E_IO || rc == VIPCARE_E_NO_MEMORY ? EXIT_IO : EXIT_DATA;
}

int session_open(struct session *s, const struct options *o)
{
	const char *dir = o->data ? o->data : ".";
	int rc;

	memset(s, 0, sizeof(*s));
	/* writing the rejects or the output over a data file would destroy it */
	if (load_is_data_file(dir, o->rejects))
		return usage_error(o->command, "--rejects %s is a data file of %s", o->rejects, dir);
	if (load_is_data_file(dir, o->output))
		return usage_error(o->command, "--output %s is a data file of %s", o->output, dir);
	rc = session_policy(s, o);
	if (rc != EXIT_DONE)
		return rc;
	rc = vipcare_engine_new(&s->engine, s->policy);
	if (rc == VIPCARE_E_POLICY_INVALID) {
		vipcare_policy_validate(s->policy);
		fprintf(stderr, "%s: %s\n", o->policy ? o->policy : "the default policy",
			vipcare_policy_last_error(s->policy));
		return EXIT_DATA;
	}
	if (rc != VIPCARE_OK) {
		fprintf(stderr, "vipcare %s: cannot create the engine: %s\n", o->command,
			vipcare_strerror(rc));
		return EXIT_IO;
	}
	return load_folder(s->engine, dir, o->rejects, NULL);
}

void session_close(struct session *s)
{
	vipcare_engine_unref(s->engine);
	vipcare_policy_unref(s->policy);
	s->engine = NULL;
	s->policy = NULL;
}
