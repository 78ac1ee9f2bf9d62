/* Unit tests for catalog/html.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "catalog/import/html.h"
#include "common/buf.h"

static void check(const char *html, const char *text)
{
	struct buf b;
	buf_init(&b);
	html_to_text(html, strlen(html), &b);
	if (strcmp(b.s, text))
		fail_msg("\"%s\": got \"%s\", wanted \"%s\"", html, b.s, text);
	buf_release(&b);
}

static void test_tags_and_blocks(void **state)
{
	(void)state;
	check("<p>Soft <strong>merino</strong> wool.</p><ul><li>One</li><li>Two</li></ul>",
	      "Soft merino wool.\nOne\nTwo");
	check("a<br>b<br/>c", "a\nb\nc");
	check("<div class=\"x > y\">inside</div>", "inside");
	check("<h2>Title</h2>\n\n   <p>Body</p>", "Title\nBody");
}

static void test_hidden_and_comments(void **state)
{
	(void)state;
	check("before<script>var a = '<p>';</script>after", "before after");
	check("x<style>p { color: red }</style>y", "x y");
	check("a<!-- hidden <b>bold</b> -->b", "ab");
	check("<!DOCTYPE html>text", "text");
}

static void test_entities(void **state)
{
	(void)state;
	check("Fish &amp; Chips &lt;3", "Fish & Chips <3");
	check("caf&eacute; &#233; &#xE9; &#x1F600;", "caf\xC3\xA9 \xC3\xA9 \xC3\xA9 \xF0\x9F\x98\x80");
	check("a&nbsp;b", "a b");
	check("AT&T and &unknown; &", "AT&T and &unknown; &");
	check("&#0; &#xD800;", "\xEF\xBF\xBD \xEF\xBF\xBD");
}

static void test_plain_text_passes(void **state)
{
	(void)state;
	check("  5 < 6 and 7 > 2  ", "5 < 6 and 7 > 2");
	check("unclosed <b tag", "unclosed");
	check("", "");
	/* text without a tag keeps its lines; in HTML a line break is a space */
	check("Sizes:\n8 oz - approx. 40 hours\n  16 oz - approx. 80 hours",
	      "Sizes:\n8 oz - approx. 40 hours\n16 oz - approx. 80 hours");
	check("<p>Sizes:\n8 oz</p>", "Sizes: 8 oz");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags_and_blocks),
		cmocka_unit_test(test_hidden_and_comments),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_plain_text_passes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
