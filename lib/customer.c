/*
 * libvipcare — the reusable customer record handle.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "engine-private.h"

static const char *const channel_names[VIPCARE_CHANNEL_COUNT] = {
	"sms", "wechat", "phone", "email", "app",
};

VIPCARE_API const char *vipcare_channel_name(int channel)
{
	if (channel < 0 || channel >= VIPCARE_CHANNEL_COUNT)
		return NULL;
	return channel_names[channel];
}

VIPCARE_API int vipcare_channel_from_name(const char *name)
{
	int i;

	if (name == NULL)
		return VIPCARE_E_RANGE;
	for (i = 0; i < VIPCARE_CHANNEL_COUNT; i++) {
		if (strcmp(name, channel_names[i]) == 0)
			return i;
	}
	return VIPCARE_E_RANGE;
}

VIPCARE_API void vipcare_customer_clear(struct vipcare_customer *c)
{
	int refcount;

	if (c == NULL)
		return;
	refcount = c->refcount;
	memset(c, 0, sizeof(*c));
	c->refcount = refcount;
	c->joined = VIPCARE_DATE_NONE;
	c->override_until = VIPCARE_DATE_NONE;
}

VIPCARE_API int vipcare_customer_new(struct vipcare_customer **out)
{
	struct vipcare_customer *c;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return VIPCARE_E_NO_MEMORY;
	c->refcount = 1;
	vipcare_customer_clear(c);
	*out = c;
	return VIPCARE_OK;
}

VIPCARE_API struct vipcare_customer *vipcare_customer_ref(struct vipcare_customer *c)
{
	if (c != NULL)
		c->refcount++;
	return c;
}

VIPCARE_API struct vipcare_customer *vipcare_customer_unref(struct vipcare_customer *c)
{
	if (c != NULL && --c->refcount == 0)
		free(c);
	return NULL;
}

VIPCARE_API const char *vipcare_customer_last_error(const struct vipcare_customer *c)
{
	return c == NULL ? "" : c->last_error;
}

VIPCARE_API int vipcare_customer_set_id(struct vipcare_customer *c, const char *id)
{
	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__copy_id(c->last_error, c->id, NULL, "customer id", id, 0);
}

VIPCARE_API const char *vipcare_customer_id(const struct vipcare_customer *c)
{
	return c == NULL ? "" : c->id;
}

VIPCARE_API int vipcare_customer_set_birthday(struct vipcare_customer *c, int32_t month, int32_t day)
{
	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (month == 0 && day == 0) {
		c->birthday_month = 0;
		c->birthday_day = 0;
		return VIPCARE_OK;
	}
	if (month < 1 || month > 12 || day < 1 || day > vipcare__month_days(2000, month))
		return vipcare__fail(c->last_error, VIPCARE_E_DATE,
				     "birthday month %d day %d does not exist", (int)month, (int)day);
	c->birthday_month = month;
	c->birthday_day = day;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_customer_birthday(const struct vipcare_customer *c, int32_t *month,
					  int32_t *day)
{
	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (month != NULL)
		*month = c->birthday_month;
	if (day != NULL)
		*day = c->birthday_day;
	return c->birthday_month != 0;
}

static int date_ok(int32_t date)
{
	return date == VIPCARE_DATE_NONE || (date >= VIPCARE_DATE_MIN && date <= VIPCARE_DATE_MAX);
}

VIPCARE_API int vipcare_customer_set_joined(struct vipcare_customer *c, int32_t joined)
{
	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!date_ok(joined))
		return vipcare__fail(c->last_error, VIPCARE_E_DATE,
				     "joined date %ld is outside 1900-01-01 .. 9999-12-31", (long)joined);
	c->joined = joined;
	return VIPCARE_OK;
}

VIPCARE_API int32_t vipcare_customer_joined(const struct vipcare_customer *c)
{
	return c == NULL ? VIPCARE_DATE_NONE : c->joined;
}

VIPCARE_API int vipcare_customer_set_consent(struct vipcare_customer *c, int channel, int consent)
{
	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (channel < 0 || channel >= VIPCARE_CHANNEL_COUNT)
		return vipcare__fail(c->last_error, VIPCARE_E_RANGE, "channel %d is not 0..%d",
				     channel, VIPCARE_CHANNEL_COUNT - 1);
	if (consent != 0 && consent != 1)
		return vipcare__fail(c->last_error, VIPCARE_E_RANGE, "consent %d is not 0 or 1",
				     consent);
	if (consent)
		c->consent |= 1u << channel;
	else
		c->consent &= ~(1u << channel);
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_customer_consent(const struct vipcare_customer *c, int channel)
{
	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (channel < 0 || channel >= VIPCARE_CHANNEL_COUNT)
		return VIPCARE_E_RANGE;
	return (c->consent >> channel) & 1u;
}

VIPCARE_API int vipcare_customer_set_marketing_opt_out(struct vipcare_customer *c, int opt_out)
{
	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (opt_out != 0 && opt_out != 1)
		return vipcare__fail(c->last_error, VIPCARE_E_RANGE,
				     "marketing opt-out %d is not 0 or 1", opt_out);
	c->marketing_opt_out = opt_out;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_customer_marketing_opt_out(const struct vipcare_customer *c)
{
	return c == NULL ? VIPCARE_E_INVALID_ARGUMENT : c->marketing_opt_out;
}

VIPCARE_API int vipcare_customer_set_advisor(struct vipcare_customer *c, const char *advisor)
{
	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__copy_id(c->last_error, c->advisor, NULL, "advisor id", advisor, 1);
}

VIPCARE_API const char *vipcare_customer_advisor(const struct vipcare_customer *c)
{
	return c == NULL ? "" : c->advisor;
}

VIPCARE_API int vipcare_customer_set_override(struct vipcare_customer *c, const char *tier,
					      int32_t until)
{
	char quoted[64];
	size_t len;

	if (c == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (tier == NULL || tier[0] == '\0') {
		c->override_tier[0] = '\0';
		c->override_until = VIPCARE_DATE_NONE;
		return VIPCARE_OK;
	}
	len = strlen(tier);
	if (!vipcare__tier_name_ok(tier, len)) {
		vipcare__quote(quoted, sizeof(quoted), tier, len);
		return vipcare__fail(c->last_error, VIPCARE_E_ID,
				     "override tier %s is not a tier name ([A-Za-z0-9_-]{1,32})", quoted);
	}
	if (!date_ok(until))
		return vipcare__fail(c->last_error, VIPCARE_E_DATE,
				     "override end %ld is outside 1900-01-01 .. 9999-12-31", (long)until);
	memcpy(c->override_tier, tier, len + 1);
	c->override_until = until;
	return VIPCARE_OK;
}

VIPCARE_API const char *vipcare_customer_override_tier(const struct vipcare_customer *c)
{
	return c == NULL ? "" : c->override_tier;
}

VIPCARE_API int32_t vipcare_customer_override_until(const struct vipcare_customer *c)
{
	return c == NULL ? VIPCARE_DATE_NONE : c->override_until;
}
