#include "src/commands.h"

#include "src/app.h"

int cmd_recommend(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	app_error("'%s' is not implemented yet", argv[0]);
	return 1;
}
