#include "catalog/import.h"

#include "common/xalloc.h"

int import_run(catalog *c, const char *source, const struct import_options *o,
               struct import_stats *stats, char **err)
{
	(void)c;
	(void)o;
	(void)stats;
	if (err)
		*err = xasprintf("cannot import %s: importer not implemented yet", source);
	return -1;
}
