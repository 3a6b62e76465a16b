/* SPDX-License-Identifier: MIT */
#include <egg.h>

#include "internal.h"

EGG_EXPORT unsigned int egg_version(void)
{
	return EGG_VERSION_NUMBER;
}

EGG_EXPORT const char *egg_version_string(void)
{
	return EGG_VERSION_STRING;
}
