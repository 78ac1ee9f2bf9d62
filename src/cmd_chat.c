#include "src/commands.h"

#include "src/app.h"

int cmd_chat(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	app_error("the conversation is not implemented yet");
	return 1;
}
