/*
 * recommend_int.h: private to catalog/recommend/. The packed form of a
 * product's neighbour list in recommend_items.neighbors, written by
 * recommend_model.c and read by recommend.c.
 *
 * A list is a run of RECOMMEND_ENTRY_SIZE-byte entries, best first, each
 * little-endian: the neighbour's products.id (uint32), s(i,j) (float), the
 * neighbour's prior (float, so that a basket's candidates rank without
 * reading their rows) and the orders holding both products (uint32).
 * Products whose id does not fit 32 bits are left out of the model.
 */
#ifndef CLERK_RECOMMEND_INT_H
#define CLERK_RECOMMEND_INT_H

#include <stdint.h>
#include <string.h>

#define RECOMMEND_ENTRY_SIZE 16

struct recommend_entry {
	uint32_t product;
	float score;
	float prior;
	uint32_t together;
};

static inline void recommend_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline uint32_t recommend_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void recommend_entry_pack(unsigned char *p, const struct recommend_entry *e)
{
	uint32_t s, q;
	memcpy(&s, &e->score, 4);
	memcpy(&q, &e->prior, 4);
	recommend_put32(p, e->product);
	recommend_put32(p + 4, s);
	recommend_put32(p + 8, q);
	recommend_put32(p + 12, e->together);
}

static inline void recommend_entry_unpack(const unsigned char *p, struct recommend_entry *e)
{
	uint32_t s = recommend_get32(p + 4), q = recommend_get32(p + 8);
	e->product = recommend_get32(p);
	memcpy(&e->score, &s, 4);
	memcpy(&e->prior, &q, 4);
	e->together = recommend_get32(p + 12);
}

/* settings keys */
#define RECOMMEND_KEY_STAMP "recommend.stamp"   /* what the model was built from */
#define RECOMMEND_KEY_PARAMS "recommend.params" /* the tuned blend, as text */

#endif
