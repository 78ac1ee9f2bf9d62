/*
 * mapping.c: the field tables, the presets' columns and the resolution
 * cache.
 */
#include "catalog/import/mapping.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/fieldname.h"

struct field_def {
	const char *name;
	const char *aliases; /* normalized, space-separated, best first */
};

static const struct field_def product_fields[PF_COUNT] = {
	[PF_ID] = {"id", "id sku productid itemid objectid uniqid asin productcode code "
	                 "itemnumber productnumber articlenumber itemcode usitemid"},
	[PF_NAME] = {"name", "name title productname producttitle itemname displayname "
	                     "itemtitle"},
	[PF_BRAND] = {"brand", "brand brandname vendor manufacturer make maker vendorname "
	                       "manufacturername brands"},
	[PF_CATEGORY] = {"category", "category categories categorypath categoryname categorynames "
	                             "producttype "
	                             "department breadcrumbs breadcrumb type categorypathname "
	                             "taxonomy division aisle subcategory shelf browsenode "
	                             "browsenodes"},
	[PF_DESCRIPTION] = {"description", "description desc bodyhtml body longdescription "
	                                   "productdescription details shortdescription summary "
	                                   "overview blurb synopsis"},
	[PF_FEATURES] = {"features", "features feature attributes specs specifications highlights "
	                             "featurebullets bullets bulletpoints keyfeatures"},
	[PF_PRICE] = {"price", "price pricetaxincluded priceincludingtax priceincltax priceinctax "
	                       "priceinclvat priceincvat grossprice pricegross regularprice listprice "
	                       "retailprice currentprice pricetaxexcluded priceexcludingtax "
	                       "priceexcltax priceextax priceexclvat priceexvat netprice pricenet unitprice "
	                       "baseprice pricing prices salesprice sellingprice standardprice "
	                       "yourprice ourprice"},
	[PF_CURRENCY] = {"currency", "currency currencycode pricecurrency"},
	[PF_RATING] = {"rating", "rating averagerating avgrating customerrating stars starrating "
	                         "reviewrating ratingvalue customerreviewaverage averagestars "
	                         "averagereviewrating aggregaterating"},
	[PF_REVIEW_COUNT] = {"review_count", "reviewcount reviews numreviews reviewscount "
	                                     "ratingcount numberofreviews totalreviews customerreviewcount "
	                                     "numratings ratingscount numberofratings totalratings"},
	[PF_STOCK] = {"stock", "stock stockquantity quantity qty inventory inventoryquantity "
	                       "quantityavailable stocklevel onhand availablequantity "
	                       "quantityonhand inventorylevel stockcount"},
	[PF_COLOR] = {"color", "color colour"},
	[PF_MATERIAL] = {"material", "material materials fabric"},
	[PF_URL] = {"url", "url link producturl href permalink canonicalurl"},
	[PF_IMAGE] = {"image", "image imageurl imagelink img picture thumbnail thumbnailimage "
	                       "images mainimage image1 imageurl1 picture1 photo1 photo"},
	[PF_TAGS] = {"tags", "tags keywords labels tag searchkeywords"},
	[PF_POPULARITY] = {"popularity", "popularity popularityscore sales salescount unitssold "
	                                 "views"},
	[PF_SALE_PRICE] = {"sale_price", "saleprice specialprice discountprice offerprice"},
	[PF_AVAILABILITY] = {"availability", "availability stockstatus instock available isinstock "
	                                     "productavailability"},
};

static const struct field_def order_fields[OF_COUNT] = {
	[OF_ORDER_ID] = {"order_id", "orderid order ordernumber orderno ordername"},
	[OF_CUSTOMER] = {"customer", "customer customerid client clientid userid user buyer"},
	[OF_PRODUCT] = {"product", "product productid sku item itemid"},
	[OF_QUANTITY] = {"quantity", "quantity qty count units"},
	[OF_PRICE] = {"price", "price unitprice itemprice lineitemprice"},
	[OF_DATE] = {"date", "date orderdate placedat createdat placed orderedat dateadded "
	                     "datecreated dateordered"},
	[OF_STATUS] = {"status", "status orderstatus state fulfillmentstatus"},
	[OF_EMAIL] = {"email", "email customeremail emailaddress"},
	[OF_POSTCODE] = {"postcode", "postcode zip zipcode postalcode shippingpostcode "
	                             "shippingzip shippingzipcode shippingpostalcode"},
	[OF_CARRIER] = {"carrier", "carrier shippingcarrier shipper shippingmethod"},
	[OF_TRACKING] = {"tracking", "tracking trackingnumber trackingno trackingcode"},
	[OF_CURRENCY] = {"currency", "currency currencycode"},
	[OF_NAME] = {"name", "name productname itemname lineitemname title"},
};

/* The columns of the presets' real exports, best first for each field. */
static const struct preset_column {
	enum import_preset preset;
	int field;
	const char *source; /* normalized */
} preset_columns[] = {
	{PRESET_SHOPIFY, PF_ID, "handle"},
	{PRESET_SHOPIFY, PF_NAME, "title"},
	{PRESET_SHOPIFY, PF_DESCRIPTION, "bodyhtml"},
	{PRESET_SHOPIFY, PF_BRAND, "vendor"},
	{PRESET_SHOPIFY, PF_CATEGORY, "productcategory"},
	{PRESET_SHOPIFY, PF_CATEGORY, "type"},
	{PRESET_SHOPIFY, PF_TAGS, "tags"},
	{PRESET_SHOPIFY, PF_PRICE, "variantprice"},
	{PRESET_SHOPIFY, PF_STOCK, "variantinventoryqty"},
	{PRESET_SHOPIFY, PF_IMAGE, "imagesrc"},
	{PRESET_SHOPIFY, PF_IMAGE, "variantimage"},
	{PRESET_GMC, PF_ID, "id"},
	{PRESET_GMC, PF_NAME, "title"},
	{PRESET_GMC, PF_DESCRIPTION, "description"},
	{PRESET_GMC, PF_URL, "link"},
	{PRESET_GMC, PF_IMAGE, "imagelink"},
	{PRESET_GMC, PF_PRICE, "price"},
	{PRESET_GMC, PF_SALE_PRICE, "saleprice"},
	{PRESET_GMC, PF_AVAILABILITY, "availability"},
	{PRESET_GMC, PF_BRAND, "brand"},
	{PRESET_GMC, PF_CATEGORY, "producttype"},
	{PRESET_GMC, PF_CATEGORY, "googleproductcategory"},
	{PRESET_GMC, PF_COLOR, "color"},
	{PRESET_GMC, PF_MATERIAL, "material"},
	{PRESET_SQUARESPACE, PF_ID, "productid"},
	{PRESET_SQUARESPACE, PF_NAME, "title"},
	{PRESET_SQUARESPACE, PF_DESCRIPTION, "description"},
	{PRESET_SQUARESPACE, PF_PRICE, "price"},
	{PRESET_SQUARESPACE, PF_SALE_PRICE, "saleprice"},
	{PRESET_SQUARESPACE, PF_STOCK, "stock"},
	{PRESET_SQUARESPACE, PF_CATEGORY, "categories"},
	{PRESET_SQUARESPACE, PF_TAGS, "tags"},
	{PRESET_SQUARESPACE, PF_IMAGE, "hostedimageurls"},
	{PRESET_WIX, PF_ID, "handleid"},
	{PRESET_WIX, PF_NAME, "name"},
	{PRESET_WIX, PF_DESCRIPTION, "description"},
	{PRESET_WIX, PF_PRICE, "price"},
	{PRESET_WIX, PF_STOCK, "inventory"},
	{PRESET_WIX, PF_CATEGORY, "collection"},
	{PRESET_WIX, PF_BRAND, "brand"},
	{PRESET_WIX, PF_IMAGE, "productimageurl"},
	{PRESET_WIX, PF_TAGS, "ribbon"},
	/* PrestaShop's product CSV ("Name *", "Categories (x,y,z...)"): the
	 * price with tax when the file has it, else without */
	{PRESET_PRESTASHOP, PF_ID, "productid"},
	{PRESET_PRESTASHOP, PF_NAME, "name"},
	{PRESET_PRESTASHOP, PF_DESCRIPTION, "description"},
	{PRESET_PRESTASHOP, PF_PRICE, "pricetaxincluded"},
	{PRESET_PRESTASHOP, PF_PRICE, "pricetaxexcluded"},
	{PRESET_PRESTASHOP, PF_BRAND, "manufacturer"},
	{PRESET_PRESTASHOP, PF_CATEGORY, "categories"},
	{PRESET_PRESTASHOP, PF_STOCK, "quantity"},
	{PRESET_PRESTASHOP, PF_TAGS, "tags"},
	{PRESET_PRESTASHOP, PF_IMAGE, "imageurls"},
	{PRESET_PRESTASHOP, PF_FEATURES, "feature"},
	/* Ecwid: product rows, then their option and variation rows
	 * (import.c reads those) */
	{PRESET_ECWID, PF_ID, "productinternalid"},
	{PRESET_ECWID, PF_NAME, "productname"},
	{PRESET_ECWID, PF_DESCRIPTION, "productdescription"},
	{PRESET_ECWID, PF_PRICE, "productprice"},
	{PRESET_ECWID, PF_STOCK, "productquantity"},
	{PRESET_ECWID, PF_BRAND, "productbrand"},
	{PRESET_ECWID, PF_CATEGORY, "productcategory1"},
	{PRESET_ECWID, PF_TAGS, "productcategory2"},
	{PRESET_ECWID, PF_IMAGE, "productmediamainimageurl"},
	{PRESET_ECWID, PF_URL, "producturl"},
	/* Square's item library export: a row per variation, the item's
	 * name on each (import.c folds them); its categories are tags */
	{PRESET_SQUARE, PF_ID, "token"},
	{PRESET_SQUARE, PF_NAME, "itemname"},
	{PRESET_SQUARE, PF_DESCRIPTION, "description"},
	{PRESET_SQUARE, PF_PRICE, "price"},
	{PRESET_SQUARE, PF_SALE_PRICE, "onlinesaleprice"},
	{PRESET_SQUARE, PF_CATEGORY, "reportingcategory"},
	{PRESET_SQUARE, PF_CATEGORY, "category"},
	{PRESET_SQUARE, PF_TAGS, "categories"},
	{PRESET_SQUARE, PF_IMAGE, "imageurl"},
	/* Lightspeed Retail (X-Series, once Vend): a row per variant, the
	 * product's handle and name on each (import.c folds them); the
	 * price without tax, the tax beside it (import.c adds it) */
	{PRESET_LIGHTSPEED, PF_ID, "handle"},
	{PRESET_LIGHTSPEED, PF_NAME, "name"},
	{PRESET_LIGHTSPEED, PF_DESCRIPTION, "description"},
	{PRESET_LIGHTSPEED, PF_PRICE, "retailprice"},
	{PRESET_LIGHTSPEED, PF_BRAND, "brandname"},
	{PRESET_LIGHTSPEED, PF_CATEGORY, "productcategory"},
	{PRESET_LIGHTSPEED, PF_CATEGORY, "type"},
	{PRESET_LIGHTSPEED, PF_TAGS, "tags"},
	{PRESET_LIGHTSPEED, PF_IMAGE, "imageurl"},
	/* OpenCart, as its Export/Import extension writes the Products
	 * sheet ("name(en-gb)"): the price without tax, the categories by
	 * id (import.c names them from the Categories sheet, --with) */
	{PRESET_OPENCART, PF_ID, "productid"},
	{PRESET_OPENCART, PF_NAME, "name"},
	{PRESET_OPENCART, PF_DESCRIPTION, "description"},
	{PRESET_OPENCART, PF_PRICE, "price"},
	{PRESET_OPENCART, PF_BRAND, "manufacturer"},
	{PRESET_OPENCART, PF_CATEGORY, "categories"},
	{PRESET_OPENCART, PF_STOCK, "quantity"},
	{PRESET_OPENCART, PF_TAGS, "tags"},
	{PRESET_OPENCART, PF_IMAGE, "imagename"},
	/* Amazon's inventory file (flat file), by its labels ("Seller SKU")
	 * or its field names ("item_sku"); a variation names its parent
	 * (import.c), its colour and size are its options */
	{PRESET_AMAZON, PF_ID, "itemsku"},
	{PRESET_AMAZON, PF_ID, "sellersku"},
	{PRESET_AMAZON, PF_NAME, "itemname"},
	{PRESET_AMAZON, PF_NAME, "productname"},
	{PRESET_AMAZON, PF_BRAND, "brandname"},
	{PRESET_AMAZON, PF_DESCRIPTION, "productdescription"},
	{PRESET_AMAZON, PF_PRICE, "standardprice"},
	{PRESET_AMAZON, PF_STOCK, "quantity"},
	{PRESET_AMAZON, PF_CATEGORY, "itemtypekeyword"},
	{PRESET_AMAZON, PF_CATEGORY, "itemtype"},
	{PRESET_AMAZON, PF_IMAGE, "mainimageurl"},
	{PRESET_AMAZON, PF_TAGS, "generickeywords"},
	{PRESET_AMAZON, PF_TAGS, "searchterms"},
	/* Odoo's list view exported with its labels: a row per variant, the
	 * product's name on each (import.c folds them); "Sales Description"
	 * is what customers read ("Description" is the staff's notes) */
	{PRESET_ODOO, PF_ID, "internalreference"},
	{PRESET_ODOO, PF_NAME, "name"},
	{PRESET_ODOO, PF_DESCRIPTION, "salesdescription"},
	{PRESET_ODOO, PF_DESCRIPTION, "websitedescription"},
	{PRESET_ODOO, PF_PRICE, "salesprice"},
	{PRESET_ODOO, PF_CATEGORY, "productcategory"},
	{PRESET_ODOO, PF_STOCK, "quantityonhand"},
	{PRESET_ODOO, PF_TAGS, "producttags"},
	{PRESET_ODOO, PF_IMAGE, "image"},
	{PRESET_MAGENTO, PF_IMAGE, "baseimage"},
	/* eBay's listing export (File Exchange, Seller Hub): a Buy It Now
	 * price is what an auction sells for now, the start price a fixed
	 * price listing's; the category by name (its number is none); the
	 * kind an item specific names ("C:Type") is an alias's */
	{PRESET_EBAY, PF_ID, "itemid"},
	{PRESET_EBAY, PF_ID, "itemnumber"},
	{PRESET_EBAY, PF_ID, "customlabel"},
	{PRESET_EBAY, PF_NAME, "title"},
	{PRESET_EBAY, PF_DESCRIPTION, "description"},
	{PRESET_EBAY, PF_PRICE, "buyitnowprice"},
	{PRESET_EBAY, PF_PRICE, "startprice"},
	{PRESET_EBAY, PF_PRICE, "currentprice"},
	{PRESET_EBAY, PF_CURRENCY, "currency"},
	{PRESET_EBAY, PF_STOCK, "quantity"},
	{PRESET_EBAY, PF_STOCK, "availablequantity"},
	{PRESET_EBAY, PF_CATEGORY, "categoryname"},
	{PRESET_EBAY, PF_CATEGORY, "ebaycategory1name"},
	{PRESET_EBAY, PF_IMAGE, "picurl"},
	{PRESET_EBAY, PF_IMAGE, "pictureurl"},
};

/* Bookkeeping columns of the exports: neither fields nor features. The
 * Shopify options (Option1 Name, ...) are read by the importer itself. */
static const struct preset_ignore {
	enum import_preset preset;
	const char *prefix; /* normalized */
} preset_ignores[] = {
	{PRESET_SHOPIFY, "option"}, {PRESET_SHOPIFY, "variant"}, {PRESET_SHOPIFY, "image"},
	{PRESET_SHOPIFY, "seo"}, {PRESET_SHOPIFY, "googleshopping"},
	{PRESET_SHOPIFY, "giftcard"}, {PRESET_SHOPIFY, "published"},
	{PRESET_SHOPIFY, "status"}, {PRESET_SHOPIFY, "costperitem"},
	{PRESET_SHOPIFY, "included"}, {PRESET_SHOPIFY, "price"},
	{PRESET_SHOPIFY, "compareatprice"},
	{PRESET_GMC, "saleprice"}, {PRESET_GMC, "identifierexists"},
	{PRESET_GMC, "shipping"}, {PRESET_GMC, "adult"}, {PRESET_GMC, "additionalimagelink"},
	/* Squarespace: the row's ids, the fulfilment kind (PHYSICAL, SERVICE,
	 * GIFT_CARD), the store page and URL slug, "On Sale" (import.c reads
	 * it) and the shipping weight and box, in units the export does not
	 * say */
	{PRESET_SQUARESPACE, "variantid"}, {PRESET_SQUARESPACE, "producttype"},
	{PRESET_SQUARESPACE, "productpage"}, {PRESET_SQUARESPACE, "producturl"},
	{PRESET_SQUARESPACE, "option"}, {PRESET_SQUARESPACE, "onsale"},
	{PRESET_SQUARESPACE, "weight"}, {PRESET_SQUARESPACE, "length"},
	{PRESET_SQUARESPACE, "width"}, {PRESET_SQUARESPACE, "height"},
	/* Wix: the row kind, a variant's surcharge and the discount (import.c
	 * reads them), the options (read there too), the buyer's custom text
	 * settings; "additionalInfo" pairs are unpacked into attributes, and
	 * one of them named Weight takes the place of the unitless shipping
	 * weight (import.c) */
	{PRESET_WIX, "fieldtype"}, {PRESET_WIX, "surcharge"}, {PRESET_WIX, "discount"},
	{PRESET_WIX, "productoption"}, {PRESET_WIX, "customtext"},
	/* PrestaShop: the shop's bookkeeping (tax rule, cost, supplier,
	 * codes, SEO, the back office's switches), the discount (import.c
	 * reads it), the shipping box and weight in units the file does not
	 * say, the short summary beside the description */
	{PRESET_PRESTASHOP, "taxrules"}, {PRESET_PRESTASHOP, "wholesale"},
	{PRESET_PRESTASHOP, "onsale"}, {PRESET_PRESTASHOP, "discount"},
	{PRESET_PRESTASHOP, "reference"}, {PRESET_PRESTASHOP, "supplier"},
	{PRESET_PRESTASHOP, "ean"}, {PRESET_PRESTASHOP, "upc"}, {PRESET_PRESTASHOP, "mpn"},
	{PRESET_PRESTASHOP, "isbn"}, {PRESET_PRESTASHOP, "ecotax"},
	{PRESET_PRESTASHOP, "width"}, {PRESET_PRESTASHOP, "height"},
	{PRESET_PRESTASHOP, "depth"}, {PRESET_PRESTASHOP, "weight"},
	{PRESET_PRESTASHOP, "minimalquantity"}, {PRESET_PRESTASHOP, "lowstock"},
	{PRESET_PRESTASHOP, "sendme"}, {PRESET_PRESTASHOP, "additionalshipping"},
	{PRESET_PRESTASHOP, "unity"}, {PRESET_PRESTASHOP, "unitprice"},
	{PRESET_PRESTASHOP, "summary"}, {PRESET_PRESTASHOP, "meta"},
	{PRESET_PRESTASHOP, "urlrewritten"}, {PRESET_PRESTASHOP, "textwhen"},
	{PRESET_PRESTASHOP, "availablefororder"}, {PRESET_PRESTASHOP, "productavailabledate"},
	{PRESET_PRESTASHOP, "productcreationdate"}, {PRESET_PRESTASHOP, "showprice"},
	{PRESET_PRESTASHOP, "image"}, {PRESET_PRESTASHOP, "deleteexisting"},
	{PRESET_PRESTASHOP, "availableonlineonly"}, {PRESET_PRESTASHOP, "customizable"},
	{PRESET_PRESTASHOP, "uploadablefiles"}, {PRESET_PRESTASHOP, "textfields"},
	{PRESET_PRESTASHOP, "outofstock"}, {PRESET_PRESTASHOP, "virtualproduct"},
	{PRESET_PRESTASHOP, "fileurl"}, {PRESET_PRESTASHOP, "numberof"},
	{PRESET_PRESTASHOP, "expirationdate"}, {PRESET_PRESTASHOP, "idnameofshop"},
	{PRESET_PRESTASHOP, "advancedstock"}, {PRESET_PRESTASHOP, "dependsonstock"},
	{PRESET_PRESTASHOP, "warehouse"}, {PRESET_PRESTASHOP, "acessories"},
	{PRESET_PRESTASHOP, "accessories"}, {PRESET_PRESTASHOP, "deliverytime"},
	{PRESET_PRESTASHOP, "redirect"},
	/* Ecwid: the row kind, the options and variations (import.c reads
	 * them), switches, codes, SEO, the shipping box */
	{PRESET_ECWID, "type"}, {PRESET_ECWID, "productoption"},
	{PRESET_ECWID, "productvariation"}, {PRESET_ECWID, "productis"},
	{PRESET_ECWID, "productupc"}, {PRESET_ECWID, "productsku"},
	{PRESET_ECWID, "productweight"}, {PRESET_ECWID, "productlength"},
	{PRESET_ECWID, "productwidth"}, {PRESET_ECWID, "productheight"},
	{PRESET_ECWID, "productseo"}, {PRESET_ECWID, "productmedia"},
	{PRESET_ECWID, "producttaxclass"}, {PRESET_ECWID, "productribbon"},
	/* Square: the variation's name and options, its stock at each
	 * location (import.c reads them), codes, SEO, the point of sale's
	 * and the online shop's switches, cost and supplier (no brand), the
	 * price at each location, the tax switches, a weight in the unit the
	 * account sets ("Archived", "Sellable" and the online visibility
	 * say whether it is listed) */
	{PRESET_SQUARE, "variationname"}, {PRESET_SQUARE, "option"},
	{PRESET_SQUARE, "currentquantity"}, {PRESET_SQUARE, "newquantity"},
	{PRESET_SQUARE, "stockalert"}, {PRESET_SQUARE, "enabled"}, {PRESET_SQUARE, "sku"},
	{PRESET_SQUARE, "gtin"}, {PRESET_SQUARE, "seo"}, {PRESET_SQUARE, "permalink"},
	{PRESET_SQUARE, "socialmedia"}, {PRESET_SQUARE, "itemtype"}, {PRESET_SQUARE, "weight"},
	{PRESET_SQUARE, "shippingenabled"}, {PRESET_SQUARE, "selfserve"},
	{PRESET_SQUARE, "deliveryenabled"}, {PRESET_SQUARE, "pickupenabled"},
	{PRESET_SQUARE, "containsalcohol"}, {PRESET_SQUARE, "stockable"},
	{PRESET_SQUARE, "skipdetail"}, {PRESET_SQUARE, "defaultunitcost"},
	{PRESET_SQUARE, "defaultvendor"}, {PRESET_SQUARE, "price"}, {PRESET_SQUARE, "tax"},
	{PRESET_SQUARE, "squareonline"},
	/* Lightspeed: the variant's own id, codes, the parts of a composite
	 * product, its options, stock per outlet and the tax (import.c reads
	 * them), cost, loyalty points, accounts, supplier, the reorder
	 * levels */
	{PRESET_LIGHTSPEED, "id"}, {PRESET_LIGHTSPEED, "sku"}, {PRESET_LIGHTSPEED, "composite"},
	{PRESET_LIGHTSPEED, "variantoption"}, {PRESET_LIGHTSPEED, "inventory"},
	{PRESET_LIGHTSPEED, "trackinventory"}, {PRESET_LIGHTSPEED, "tax"},
	{PRESET_LIGHTSPEED, "supplyprice"}, {PRESET_LIGHTSPEED, "loyalty"},
	{PRESET_LIGHTSPEED, "accountcode"}, {PRESET_LIGHTSPEED, "supplier"},
	{PRESET_LIGHTSPEED, "reorderpoint"}, {PRESET_LIGHTSPEED, "restocklevel"},
	{PRESET_LIGHTSPEED, "outlettax"},
	/* OpenCart: codes, the warehouse shelf, the model (a code), the
	 * back office's switches, points, dates, the shipping box in units
	 * of other columns, the tax class (import.c reads it), SEO, the
	 * stock status shown when none is left, stores, layout, related
	 * products, the order of listing, the least quantity sold */
	{PRESET_OPENCART, "sku"}, {PRESET_OPENCART, "upc"}, {PRESET_OPENCART, "ean"},
	{PRESET_OPENCART, "jan"}, {PRESET_OPENCART, "isbn"}, {PRESET_OPENCART, "mpn"},
	{PRESET_OPENCART, "location"}, {PRESET_OPENCART, "model"}, {PRESET_OPENCART, "shipping"},
	{PRESET_OPENCART, "points"}, {PRESET_OPENCART, "date"}, {PRESET_OPENCART, "length"},
	{PRESET_OPENCART, "width"}, {PRESET_OPENCART, "height"}, {PRESET_OPENCART, "taxclass"},
	{PRESET_OPENCART, "seo"}, {PRESET_OPENCART, "meta"}, {PRESET_OPENCART, "stockstatus"},
	{PRESET_OPENCART, "storeids"}, {PRESET_OPENCART, "layout"}, {PRESET_OPENCART, "related"},
	{PRESET_OPENCART, "sortorder"}, {PRESET_OPENCART, "subtract"}, {PRESET_OPENCART, "minimum"},
	{PRESET_OPENCART, "viewed"},
	/* Odoo: the variant's options and the taxes (import.c reads them),
	 * cost, the forecast, purchasing, suppliers, the staff's notes, the
	 * kind of record, codes, the box's volume, the shop's own category
	 * tree beside the product category */
	{PRESET_ODOO, "variantvalues"}, {PRESET_ODOO, "customertaxes"}, {PRESET_ODOO, "cost"},
	{PRESET_ODOO, "forecasted"}, {PRESET_ODOO, "canbepurchased"}, {PRESET_ODOO, "vendor"},
	{PRESET_ODOO, "description"}, {PRESET_ODOO, "producttype"}, {PRESET_ODOO, "barcode"},
	{PRESET_ODOO, "volume"}, {PRESET_ODOO, "websiteproductcategory"},
	{PRESET_ODOO, "productvariant"}, {PRESET_ODOO, "unitofmeasure"},
	{PRESET_ODOO, "purchase"}, {PRESET_ODOO, "company"},
	/* Amazon: the listing's bookkeeping (the feed's product type, the
	 * update switch, codes and their kinds, the manufacturer beside the
	 * brand, the parent and the variation's theme, which import.c reads,
	 * Amazon's own colour and size families, the ages in months and their
	 * unit (import.c reads them; "manufacturer" covers the labels' "Manufacturer
	 * Minimum Age (months)" too), condition, handling time, more images) */
	{PRESET_AMAZON, "feedproducttype"}, {PRESET_AMAZON, "producttype"},
	{PRESET_AMAZON, "updatedelete"}, {PRESET_AMAZON, "manufacturer"},
	{PRESET_AMAZON, "partnumber"}, {PRESET_AMAZON, "externalproductid"},
	{PRESET_AMAZON, "productid"}, {PRESET_AMAZON, "parent"},
	{PRESET_AMAZON, "relationshiptype"}, {PRESET_AMAZON, "variationtheme"},
	{PRESET_AMAZON, "colormap"}, {PRESET_AMAZON, "sizemap"},
	{PRESET_AMAZON, "mfgminimum"}, {PRESET_AMAZON, "mfgmaximum"},
	{PRESET_AMAZON, "conditiontype"}, {PRESET_AMAZON, "itemcondition"},
	{PRESET_AMAZON, "conditionnote"}, {PRESET_AMAZON, "fulfillmentlatency"},
	{PRESET_AMAZON, "handlingtime"}, {PRESET_AMAZON, "otherimageurl"},
	{PRESET_AMAZON, "swatchimageurl"},
	/* Magento: the back office's settings (layout, stock rules, cart
	 * limits, "use config" switches), the attribute set, websites and tax
	 * class, SEO, images beside the base one, dates, related products,
	 * bundles and custom options, the variations (import.c reads them and
	 * the sale's dates), the shipping weight in the unit the store sets */
	{PRESET_MAGENTO, "attributesetcode"}, {PRESET_MAGENTO, "producttype"},
	{PRESET_MAGENTO, "productwebsites"}, {PRESET_MAGENTO, "taxclassname"},
	{PRESET_MAGENTO, "urlkey"}, {PRESET_MAGENTO, "metatitle"},
	{PRESET_MAGENTO, "metakeyword"}, {PRESET_MAGENTO, "metadescription"},
	{PRESET_MAGENTO, "baseimagelabel"}, {PRESET_MAGENTO, "smallimage"},
	{PRESET_MAGENTO, "thumbnailimage"}, {PRESET_MAGENTO, "swatchimage"},
	{PRESET_MAGENTO, "additionalimage"}, {PRESET_MAGENTO, "createdat"},
	{PRESET_MAGENTO, "updatedat"}, {PRESET_MAGENTO, "newfromdate"},
	{PRESET_MAGENTO, "newtodate"}, {PRESET_MAGENTO, "displayproductoptionsin"},
	{PRESET_MAGENTO, "mapprice"}, {PRESET_MAGENTO, "mapenabled"}, {PRESET_MAGENTO, "msrp"},
	{PRESET_MAGENTO, "giftmessageavailable"}, {PRESET_MAGENTO, "customdesign"},
	{PRESET_MAGENTO, "customlayout"}, {PRESET_MAGENTO, "pagelayout"},
	{PRESET_MAGENTO, "productoptionscontainer"}, {PRESET_MAGENTO, "outofstockqty"},
	{PRESET_MAGENTO, "useconfig"}, {PRESET_MAGENTO, "isqtydecimal"},
	{PRESET_MAGENTO, "allowbackorders"}, {PRESET_MAGENTO, "mincartqty"},
	{PRESET_MAGENTO, "maxcartqty"}, {PRESET_MAGENTO, "notifyonstockbelow"},
	{PRESET_MAGENTO, "managestock"}, {PRESET_MAGENTO, "qtyincrements"},
	{PRESET_MAGENTO, "enableqtyincrements"}, {PRESET_MAGENTO, "isdecimaldivided"},
	{PRESET_MAGENTO, "websiteid"}, {PRESET_MAGENTO, "related"}, {PRESET_MAGENTO, "crosssell"},
	{PRESET_MAGENTO, "upsell"}, {PRESET_MAGENTO, "hidefromproductpage"},
	{PRESET_MAGENTO, "customoptions"}, {PRESET_MAGENTO, "bundle"},
	{PRESET_MAGENTO, "configurablevariation"}, {PRESET_MAGENTO, "associatedskus"},
	{PRESET_MAGENTO, "specialpricefromdate"}, {PRESET_MAGENTO, "specialpricetodate"},
	{PRESET_MAGENTO, "weight"},
	/* BigCommerce's bulk-edit export: the checkout's event date
	 * settings, price rules' switch, shipping settings, the price it
	 * compares with (a list price, not a markdown: no "was" price), the
	 * shipping weight and box in the unit the store sets (the file does
	 * not say it), the condition's display switch, the physical or
	 * digital flag */
	{PRESET_BIGCOMMERCE, "eventdate"}, {PRESET_BIGCOMMERCE, "stopprocessingrules"},
	{PRESET_BIGCOMMERCE, "freeshipping"}, {PRESET_BIGCOMMERCE, "fixedshippingcost"},
	{PRESET_BIGCOMMERCE, "retailprice"}, {PRESET_BIGCOMMERCE, "productweight"},
	{PRESET_BIGCOMMERCE, "productwidth"}, {PRESET_BIGCOMMERCE, "productheight"},
	{PRESET_BIGCOMMERCE, "productdepth"}, {PRESET_BIGCOMMERCE, "showproductcondition"},
	{PRESET_BIGCOMMERCE, "producttype"},
	/* eBay: the listing's settings (the action, the category's number,
	 * the store's categories, format and duration, schedule, payment,
	 * best offers and reserve, the business policies' names, where it
	 * ships from, dispatch time, shipping and returns, which ebay.c says
	 * as "shipping" and "returns", the page's gallery, counter and
	 * design, stock control, variations' relationships, the product
	 * catalogue's reference, the condition's id, which ebay.c reads),
	 * and Seller Hub's listing figures (dates, watchers, bids, sales) */
	{PRESET_EBAY, "action"}, {PRESET_EBAY, "category"}, {PRESET_EBAY, "storecategory"},
	{PRESET_EBAY, "ebaycategory"}, {PRESET_EBAY, "secondarycategory"},
	{PRESET_EBAY, "format"}, {PRESET_EBAY, "duration"}, {PRESET_EBAY, "scheduletime"},
	{PRESET_EBAY, "starttime"}, {PRESET_EBAY, "startdate"}, {PRESET_EBAY, "enddate"},
	{PRESET_EBAY, "paypal"}, {PRESET_EBAY, "immediatepay"}, {PRESET_EBAY, "paymentprofile"},
	{PRESET_EBAY, "shippingprofile"}, {PRESET_EBAY, "returnprofile"},
	{PRESET_EBAY, "bestoffer"}, {PRESET_EBAY, "minimumbestoffer"},
	{PRESET_EBAY, "reserveprice"}, {PRESET_EBAY, "auctionbuyitnowprice"},
	{PRESET_EBAY, "location"}, {PRESET_EBAY, "postalcode"}, {PRESET_EBAY, "country"},
	{PRESET_EBAY, "dispatchtimemax"}, {PRESET_EBAY, "shippingtype"},
	{PRESET_EBAY, "shippingservice"}, {PRESET_EBAY, "intlshippingservice"},
	{PRESET_EBAY, "shippingcostpaidby"}, {PRESET_EBAY, "shippingdiscount"},
	{PRESET_EBAY, "shiptolocations"}, {PRESET_EBAY, "excludeshiplocation"},
	{PRESET_EBAY, "globalshipping"}, {PRESET_EBAY, "returnsaccepted"},
	{PRESET_EBAY, "returnswithin"}, {PRESET_EBAY, "refundoption"},
	{PRESET_EBAY, "gallery"}, {PRESET_EBAY, "counter"}, {PRESET_EBAY, "listingdesigner"},
	{PRESET_EBAY, "listingenhancement"}, {PRESET_EBAY, "outofstockcontrol"},
	{PRESET_EBAY, "relationship"}, {PRESET_EBAY, "productreferenceid"},
	{PRESET_EBAY, "conditionid"}, {PRESET_EBAY, "siteid"}, {PRESET_EBAY, "listingsite"},
	{PRESET_EBAY, "listingcountry"}, {PRESET_EBAY, "watchers"}, {PRESET_EBAY, "bids"},
	{PRESET_EBAY, "soldquantity"}, {PRESET_EBAY, "lotsize"}, {PRESET_EBAY, "vatpercent"},
	{PRESET_EBAY, "usetaxtable"}, {PRESET_EBAY, "compatiblevehicles"},
	/* Akeneo: the dates of a special price, which import.c reads (its
	 * price and the others' are read by catalog/import/akeneo.c) */
	{PRESET_AKENEO, "specialpricefromdate"}, {PRESET_AKENEO, "specialpricetodate"},
	{PRESET_AKENEO, "salepricestartdate"}, {PRESET_AKENEO, "salepriceenddate"},
	{PRESET_AKENEO, "salestartdate"}, {PRESET_AKENEO, "saleenddate"},
};

/* Columns under an ignored prefix that say something a shopper asks
 * about, kept as attributes: who a product is for, the price before a
 * markdown. */
static const struct preset_ignore preset_keeps[] = {
	{PRESET_SHOPIFY, "googleshoppinggender"},
	{PRESET_SHOPIFY, "googleshoppingagegroup"},
	{PRESET_SHOPIFY, "variantcompareatprice"},
};

#define RANK_EXPLICIT 0
#define RANK_PRESET 10
#define RANK_ALIAS 100
/* Guesses from the shape of a key (see guess()), weaker than any alias. */
#define RANK_WORDS 200
#define RANK_NESTED 300
#define RANK_LAST_WORD 400
#define CACHE_SLOTS 8192 /* a power of two */
#define CACHE_MAX (CACHE_SLOTS / 2)
#define KEY_MAX 256

struct explicit_map {
	int field;
	char source[KEY_MAX];
	char given[KEY_MAX]; /* "brand=Brand", as --map wrote it */
	bool seen;           /* a key of the source resolved to it */
};

struct cache_entry {
	char *key;
	int field;
	int rank;
};

struct mapping {
	const struct field_def *fields;
	size_t nfields;
	enum import_preset preset;
	bool orders;
	struct explicit_map *maps;
	size_t nmaps;
	bool mapped[MAPPING_MAX_FIELDS];
	struct cache_entry *cache;
	size_t cached;
};

void mapping_normalize(const char *key, char *out, size_t outsize)
{
	size_t n = 0;
	if ((key[0] == 'g' || key[0] == 'G') && key[1] == ':')
		key += 2;
	for (; *key && n + 1 < outsize; key++) {
		/* a note on the column in brackets is no part of its name:
		 * Squarespace's "Product ID [Non Editable]" ("[0]" of an array
		 * stays) */
		const char *close = *key == '[' && isalpha((unsigned char)key[1]) ? strchr(key, ']') : NULL;
		/* and so is one in parentheses after it: PrestaShop's
		 * "Categories (x,y,z...)", "Active (0/1)" */
		if (*key == '(' && n)
			close = strchr(key, ')');
		if (close && n) {
			key = close;
			continue;
		}
		if (isalnum((unsigned char)*key))
			out[n++] = (char)tolower((unsigned char)*key);
	}
	out[n] = '\0';
}

const char *mapping_path_dot(const char *key, size_t len)
{
	for (size_t i = len; i-- > 1;)
		if (key[i] == '.' && i + 1 < len && !isspace((unsigned char)key[i + 1]) &&
		    key[i + 1] != '.' && !isspace((unsigned char)key[i - 1]) && key[i - 1] != '.')
			return key + i;
	return NULL;
}

/* The first such dot, or NULL. */
static const char *first_path_dot(const char *key)
{
	size_t len = strlen(key);
	const char *first = NULL;
	for (const char *d; (d = mapping_path_dot(key, len)); len = (size_t)(d - key))
		first = d;
	return first;
}

static int field_by_name(const struct mapping *m, const char *name)
{
	char want[KEY_MAX], have[KEY_MAX];
	mapping_normalize(name, want, sizeof want);
	for (size_t i = 0; i < m->nfields; i++) {
		mapping_normalize(m->fields[i].name, have, sizeof have);
		if (!strcmp(want, have))
			return (int)i;
	}
	return -1;
}

static int parse_spec(struct mapping *m, const char *spec, char **err)
{
	char *copy = xstrdup(spec);
	int rc = -1;
	for (char *save = NULL, *item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		if (!eq) {
			*err = xasprintf("--map: \"%s\" is not FIELD=SOURCE", item);
			goto cleanup;
		}
		*eq = '\0';
		int field = field_by_name(m, item);
		if (field < 0) {
			struct buf names;
			buf_init(&names);
			for (size_t i = 0; i < m->nfields; i++)
				buf_printf(&names, "%s%s", i ? ", " : "", m->fields[i].name);
			*err = xasprintf("--map: unknown field \"%s\" (fields: %s)", item, names.s);
			buf_release(&names);
			goto cleanup;
		}
		m->maps = xrealloc(m->maps, (m->nmaps + 1) * sizeof *m->maps);
		struct explicit_map *e = &m->maps[m->nmaps++];
		e->field = field;
		e->seen = false;
		snprintf(e->given, sizeof e->given, "%s=%s", item, eq + 1);
		mapping_normalize(eq + 1, e->source, sizeof e->source);
		if (!e->source[0]) {
			*err = xasprintf("--map: field \"%s\" has no source", item);
			goto cleanup;
		}
		m->mapped[field] = true;
	}
	rc = 0;
cleanup:
	free(copy);
	return rc;
}

struct mapping *mapping_new(bool orders, enum import_preset preset, const char *spec,
                            char **err)
{
	struct mapping *m = xcalloc(1, sizeof *m);
	m->orders = orders;
	m->preset = orders ? PRESET_NONE : preset;
	m->fields = orders ? order_fields : product_fields;
	m->nfields = orders ? OF_COUNT : PF_COUNT;
	m->cache = xcalloc(CACHE_SLOTS, sizeof *m->cache);
	if (spec && parse_spec(m, spec, err) < 0) {
		mapping_free(m);
		return NULL;
	}
	return m;
}

void mapping_set_preset(struct mapping *m, enum import_preset preset)
{
	if (m->orders)
		return;
	m->preset = preset;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		free(m->cache[i].key);
		m->cache[i].key = NULL;
	}
	m->cached = 0;
}

void mapping_free(struct mapping *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		free(m->cache[i].key);
	free(m->cache);
	free(m->maps);
	free(m);
}

/* The position of word in a space-separated list, or -1. */
static int word_index(const char *list, const char *word)
{
	size_t n = strlen(word);
	int i = 0;
	for (const char *p = list; *p; i++) {
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, word, n))
			return i;
		p += len;
		while (*p == ' ')
			p++;
	}
	return -1;
}

/* ---- guessing a field from the shape of a key ----
 *
 * Feeds spell the same fields in many ways: "Qty Available", "avg_rating",
 * "productDisplayName", "pricing.listPrice", "unit_price.amount",
 * "ratingSummary.average", "inventory.quantity", "brand.name". A key that
 * no alias names is read as words (nlu/text/fieldname.h), short forms
 * spelled out, and tried again: whole; without a leading "product" or
 * "item"; without a trailing format word ("description_html",
 * "thumbnail_url"); then, for a path, its last part alone when that names
 * a field, or its parent when the last part only says which part of the
 * parent it is ("amount", "average", "count", "name", "src"). A path
 * under another party's object ("shipping.price", "seller.name") is
 * nobody's field. Every guess ranks below every alias. */

/* Short forms and their words. */
static const struct {
	const char *from, *to;
} short_forms[] = {
	{"qty", "quantity"}, {"avg", "average"}, {"num", "number"}, {"no", "number"},
	{"nr", "number"},    {"desc", "description"}, {"img", "image"}, {"pic", "picture"},
	{"dept", "department"}, {"mfr", "manufacturer"}, {"mfg", "manufacturer"},
	{"cnt", "count"},    {"cat", "category"}, {"colour", "color"},
};

/* Words that say which part of its parent a key is, and the fields whose
 * parents they may stand for; `sale` moves a price to the sale price. */
enum part { PART_VALUE, PART_AVERAGE, PART_COUNT, PART_QUANTITY, PART_NAME, PART_LINK,
            PART_TEXT, PART_STATUS, PART_SALE, PART_NONE };
static const struct {
	const char *words;
	enum part part;
} parts[] = {
	{"amount value current now regular base", PART_VALUE},
	{"average mean overall score", PART_AVERAGE},
	{"count total number", PART_COUNT},
	{"quantity available level onhand units", PART_QUANTITY},
	{"name label title displayname path fullpath", PART_NAME},
	{"src url href link uri", PART_LINK},
	{"text html long short body content plain", PART_TEXT},
	{"status state", PART_STATUS},
	{"sale offer discounted special promo promotional reduced", PART_SALE},
};

/* Objects that belong to someone or something other than the product. */
static const char *const other_parties =
	"shipping delivery seller merchant store shop tax taxes fee fees deposit warranty "
	"related similar accessory accessories bundle bundles competitor competitors "
	"recommendation recommendations author user customer supplier warehouse returns";

/* Words around a field's name that add nothing to it; objects named so
 * hold the product's own fields ({"product": {"id": ..., "title": ...}}). */
static const char *const leading_words = "product item meta wc";
/* Objects of a product that hold its own fields, in the words
 * segment_words() makes of their keys. */
static bool own_object(const char *words)
{
	static const char *const own[] = {"master variant", "default variant", "attributes"};
	for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
		if (!strcmp(words, own[i]))
			return true;
	return false;
}

/* The fields a nested key may name with one word of its own
 * ("variants.price", "pricing.currency"); an "id", "code", "type" or
 * "title" inside an object is that object's. */
static bool nested_field(int f)
{
	return f == PF_PRICE || f == PF_SALE_PRICE || f == PF_CURRENCY || f == PF_RATING ||
	       f == PF_BRAND || f == PF_CATEGORY || f == PF_DESCRIPTION || f == PF_COLOR ||
	       f == PF_MATERIAL || f == PF_AVAILABILITY;
}
static const char *const trailing_words = "html text plain url link src";
/* Currency codes a price field's name may end with; "cents" is not one:
 * its values are not prices as written. */
static const char *const currency_words = "usd eur gbp cad aud nzd chf jpy sek nok dkk inr";
/* The last word of a flat key that names a field whatever words come
 * before it ("finish_colour", "shell_material", "Product Code/SKU"). */
static const char *const last_word_fields = "color material sku";

static bool in_words(const char *list, const char *word, size_t n)
{
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, word, n))
			return true;
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* One part of a path as words, short forms spelled out, space-separated. */
static void segment_words(const char *s, size_t len, struct buf *out)
{
	struct buf raw;
	buf_init(&raw);
	fieldname_words(s, len, &raw);
	buf_reset(out);
	for (const char *p = raw.s; *p;) {
		size_t n = strcspn(p, " ");
		const char *w = p;
		size_t wn = n;
		for (size_t i = 0; i < sizeof short_forms / sizeof short_forms[0]; i++)
			if (strlen(short_forms[i].from) == n && !strncmp(short_forms[i].from, p, n)) {
				w = short_forms[i].to;
				wn = strlen(w);
			}
		if (out->len)
			buf_addc(out, ' ');
		buf_add(out, w, wn);
		p += n;
		while (*p == ' ')
			p++;
	}
	buf_release(&raw);
}

/* The field whose aliases hold words[from..to) joined, and the alias's
 * position, or -1. */
static int alias_of(const struct mapping *m, const char *words, size_t len, int *at)
{
	char joined[KEY_MAX];
	size_t n = 0;
	for (size_t i = 0; i < len && n + 1 < sizeof joined; i++)
		if (words[i] != ' ')
			joined[n++] = words[i];
	joined[n] = '\0';
	if (!n)
		return -1;
	for (size_t f = 0; f < m->nfields; f++) {
		if (m->mapped[f])
			continue;
		int pos = word_index(m->fields[f].aliases, joined);
		if (pos >= 0) {
			*at = pos;
			return (int)f;
		}
	}
	return -1;
}

/* A field named by words, also without leading words of leading_words
 * ("product", "item", a platform's "meta" and "wc") or a trailing format
 * word. */
static int field_of_words(const struct mapping *m, const char *w, int *at)
{
	size_t len = strlen(w);
	int f = alias_of(m, w, len, at);
	if (f >= 0)
		return f;
	/* "Meta: _wc_average_rating": WordPress's meta and WooCommerce's own
	 * prefix before the field's words */
	for (const char *rest = w;;) {
		size_t n = strcspn(rest, " ");
		if (!rest[n] || !in_words(leading_words, rest, n))
			break;
		rest += n + 1;
		f = alias_of(m, rest, strlen(rest), at);
		if (f >= 0)
			return f;
	}
	size_t lw;
	const char *last = fieldname_last_word(w, &lw);
	if (last && last != w && in_words(trailing_words, last, lw))
		return alias_of(m, w, (size_t)(last - w) - 1, at);
	/* "list_price_usd": a price with its currency said in its name */
	if (last && last != w && in_words(currency_words, last, lw)) {
		f = alias_of(m, w, (size_t)(last - w) - 1, at);
		return f == PF_PRICE || f == PF_SALE_PRICE ? f : -1;
	}
	return -1;
}

static enum part part_of(const char *w)
{
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (in_words(parts[i].words, w, strlen(w)))
			return parts[i].part;
	return PART_NONE;
}

/* What the parent's field becomes with this part: -1 when they do not go
 * together ("brand.count"). */
static int with_part(int parent, enum part part)
{
	switch (parent) {
	case PF_PRICE:
	case PF_SALE_PRICE:
		/* "pricing.sale": the price after a markdown */
		return part == PART_VALUE ? parent : part == PART_SALE ? PF_SALE_PRICE : -1;
	case PF_RATING:
	case PF_REVIEW_COUNT:
		return part == PART_AVERAGE || part == PART_VALUE ? PF_RATING
		       : part == PART_COUNT                      ? PF_REVIEW_COUNT
		                                                 : -1;
	case PF_STOCK:
	case PF_AVAILABILITY:
		return part == PART_QUANTITY || part == PART_COUNT || part == PART_VALUE ? PF_STOCK
		       : part == PART_STATUS                                            ? PF_AVAILABILITY
		                                                                        : -1;
	case PF_BRAND:
	case PF_CATEGORY:
	case PF_COLOR:
	case PF_MATERIAL:
	case PF_NAME:
	case PF_TAGS:
		return part == PART_NAME || part == PART_VALUE || part == PART_TEXT ? parent : -1;
	case PF_DESCRIPTION:
		return part == PART_TEXT || part == PART_VALUE ? parent : -1;
	case PF_IMAGE:
	case PF_URL:
		return part == PART_LINK ? parent : -1;
	default:
		return -1;
	}
}

/* The field a parent's words stand for: the whole ("unit price"), else any
 * one word ("rating summary", "aggregate rating"), also in the singular
 * ("ratings"). */
static int field_of_parent(const struct mapping *m, const char *w)
{
	int at;
	int f = field_of_words(m, w, &at);
	for (const char *p = w; f < 0 && *p;) {
		size_t n = strcspn(p, " ");
		f = alias_of(m, p, n, &at);
		if (f < 0 && n > 3 && p[n - 1] == 's')
			f = alias_of(m, p, n - 1, &at);
		p += n;
		while (*p == ' ')
			p++;
	}
	return f;
}

/* "customer reviews", "user ratings": what customers say of the product,
 * though "customer" alone names another party. */
static bool reviews_of(const struct mapping *m, const char *w)
{
	static const char *const who = "customer customers user users";
	bool reviews = false, others = false;
	for (const char *p = w; *p;) {
		size_t n = strcspn(p, " ");
		int at;
		int f = alias_of(m, p, n, &at);
		if (f < 0 && n > 3 && p[n - 1] == 's')
			f = alias_of(m, p, n - 1, &at);
		if (f == PF_RATING || f == PF_REVIEW_COUNT)
			reviews = true;
		else if (in_words(other_parties, p, n) && !in_words(who, p, n))
			others = true;
		p += n;
		while (*p == ' ')
			p++;
	}
	return reviews && !others;
}

static int guess(const struct mapping *m, const char *key, int *rank)
{
	struct buf last, parent;
	buf_init(&last);
	buf_init(&parent);
	int f = -1, at = 0;
	/* {"product": {...}} holds the product's own fields. */
	for (const char *d; (d = first_path_dot(key));) {
		segment_words(key, (size_t)(d - key), &parent);
		/* {"masterVariant": {"attributes": {"brand": ...}}}: the
		 * product's own variant and attributes hold its fields */
		if (!in_words(leading_words, parent.s, parent.len) && !own_object(parent.s))
			break;
		key = d + 1;
	}
	const char *dot = mapping_path_dot(key, strlen(key));
	const char *tail = dot ? dot + 1 : key;
	segment_words(tail, strlen(tail), &last);
	/* Under another party's object, nothing is the product's; an object
	 * whose name is a field's ("customer_rating") is the product's. */
	for (const char *s = key; dot && s < dot;) {
		const char *d = first_path_dot(s);
		size_t n = d && d <= dot ? (size_t)(d - s) : (size_t)(dot - s);
		segment_words(s, n, &parent);
		int named_at;
		bool field_named = field_of_words(m, parent.s, &named_at) >= 0 || reviews_of(m, parent.s);
		for (const char *p = parent.s; *p && !field_named;) {
			size_t wn = strcspn(p, " ");
			if (in_words(other_parties, p, wn))
				goto cleanup;
			p += wn;
			while (*p == ' ')
				p++;
		}
		s += n + 1;
	}
	f = field_of_words(m, last.s, &at);
	if (f >= 0 && part_of(last.s) == PART_NONE &&
	    (!dot || strchr(last.s, ' ') || nested_field(f))) {
		*rank = (dot ? RANK_NESTED + 50 : RANK_WORDS) + at;
		goto cleanup;
	}
	f = -1;
	size_t lw;
	const char *w = fieldname_last_word(last.s, &lw);
	if (dot) {
		const char *up = mapping_path_dot(key, (size_t)(dot - key));
		const char *p = up ? up + 1 : key;
		segment_words(p, (size_t)(dot - p), &parent);
		int pf = field_of_parent(m, parent.s);
		f = pf >= 0 ? with_part(pf, part_of(last.s)) : -1;
		/* A part of an object named for the field ("ratingSummary.average")
		 * says more than a field's name inside another object
		 * ("ratingBreakdown.stars", "variants.price"). */
		if (f >= 0 && !m->mapped[f]) {
			*rank = RANK_NESTED;
			goto cleanup;
		}
		f = -1;
	} else if (w && w != last.s) {
		/* A flat key read the same way: "ratings_total" is the total of
		 * the ratings, "price_amount" the amount of the price. */
		buf_reset(&parent);
		buf_add(&parent, last.s, (size_t)(w - last.s) - 1);
		char part[32];
		snprintf(part, sizeof part, "%.*s", (int)lw, w);
		int pf = field_of_parent(m, parent.s);
		f = pf >= 0 ? with_part(pf, part_of(part)) : -1;
		if (f >= 0 && !m->mapped[f]) {
			*rank = RANK_WORDS + 90;
			goto cleanup;
		}
		f = -1;
	}
	/* "Google Product Category", "sub_category": a kind of category. */
	if (w && (in_words("category categories", w, lw)) && !m->mapped[PF_CATEGORY]) {
		f = PF_CATEGORY;
		*rank = RANK_LAST_WORD;
	} else if (w && w != last.s && !dot && in_words(last_word_fields, w, lw)) {
		int lf = alias_of(m, w, lw, &at);
		if (lf >= 0) {
			f = lf;
			*rank = RANK_LAST_WORD + 10;
		}
	}
cleanup:
	buf_release(&last);
	buf_release(&parent);
	return f;
}

/* Category levels, outermost first: a feed that gives "department" and
 * "aisle" gives the path "department > aisle"; a "type" beside them is
 * the innermost ("Living Room > Sofas"). */
static const char *const category_levels[] = {
	"division", "department", "category", "aisle", "subcategory", "shelf", "type",
	"producttype",
};

int mapping_category_level(const struct mapping *m, const char *key)
{
	if (m->orders || m->mapped[PF_CATEGORY])
		return -1;
	const char *dot = mapping_path_dot(key, strlen(key));
	const char *tail = dot ? dot + 1 : key;
	struct buf w;
	buf_init(&w);
	segment_words(tail, strlen(tail), &w);
	char joined[KEY_MAX];
	size_t n = 0;
	for (size_t i = 0; i < w.len && n + 1 < sizeof joined; i++)
		if (w.s[i] != ' ')
			joined[n++] = w.s[i];
	joined[n] = '\0';
	buf_release(&w);
	for (size_t i = 0; i < sizeof category_levels / sizeof category_levels[0]; i++)
		if (!strcmp(joined, category_levels[i]))
			return (int)i;
	return -1;
}

/* The columns that say whether a product is listed, by what their values
 * mean: a state ("draft"), a yes/no ("published: FALSE"), a visibility
 * ("hidden"). Magento's product_online is 1 or 2. */
enum listing {
	LISTING_STATE,
	LISTING_FLAG,
	LISTING_VISIBILITY,
	LISTING_ONLINE,
	LISTING_VIEW,
	LISTING_ARCHIVED
};

static const struct {
	const char *key; /* normalized */
	enum listing kind;
} listing_columns[] = {
	{"status", LISTING_STATE},           {"productstatus", LISTING_STATE},
	{"poststatus", LISTING_STATE},       {"published", LISTING_FLAG},
	{"ispublished", LISTING_FLAG},       {"active", LISTING_FLAG},
	{"isactive", LISTING_FLAG},          {"enabled", LISTING_FLAG},
	{"isenabled", LISTING_FLAG},         {"visible", LISTING_FLAG},
	{"isvisible", LISTING_FLAG},         {"visibility", LISTING_VISIBILITY},
	{"visibilityincatalog", LISTING_VISIBILITY},
	{"catalogvisibility", LISTING_VISIBILITY},
	{"productvisibility", LISTING_VISIBILITY},
	{"productonline", LISTING_ONLINE},
	/* "Archived: Y"; Square's "Sellable" and "Square Online Item
	 * Visibility" */
	{"archived", LISTING_ARCHIVED},      {"isarchived", LISTING_ARCHIVED},
	{"sellable", LISTING_FLAG},          {"squareonlineitemvisibility", LISTING_VISIBILITY},
	/* BigCommerce: "Product Visible?", and "Allow Purchases?" N, a
	 * product the shop shows but does not sell */
	{"productvisible", LISTING_FLAG},    {"allowpurchases", LISTING_FLAG},
	/* Odoo: "Can be Sold" False is no product of the shop's */
	{"canbesold", LISTING_FLAG},
	/* Ecwid: "product_is_available" false is a product switched off */
	{"productisavailable", LISTING_FLAG},
	/* Magento: a row with a store view code is another store view's
	 * translation of the default row */
	{"storeviewcode", LISTING_VIEW},
};

static int listing_of(const char *norm)
{
	for (size_t i = 0; i < sizeof listing_columns / sizeof listing_columns[0]; i++)
		if (!strcmp(norm, listing_columns[i].key))
			return (int)listing_columns[i].kind;
	return -1;
}

bool mapping_value_in(const char *value, size_t len, const char *const *words)
{
	while (len && isspace((unsigned char)*value))
		value++, len--;
	while (len && isspace((unsigned char)value[len - 1]))
		len--;
	for (; *words; words++)
		if (strlen(*words) == len && !strncasecmp(value, *words, len))
			return true;
	return false;
}

bool mapping_unlisted(const char *key, const char *value, size_t len)
{
	/* OpenCart's status is true or false, 1 or 0 */
	static const char *const states[] = {"draft", "archived", "inactive", "disabled",
	                                     "deleted", "private", "unpublished", "hidden",
	                                     "pending", "trash", "2", "false", "0", NULL};
	static const char *const noes[] = {"false", "0", "no", "n", "-1", "off", NULL};
	static const char *const hidden[] = {"hidden", "private", "none", "not visible",
	                                     "not visible individually", "unavailable", NULL};
	static const char *const yeses[] = {"true", "1", "yes", "y", NULL};
	static const char *const offline[] = {"2", "0", "no", "false", NULL};
	char norm[KEY_MAX];
	mapping_normalize(key, norm, sizeof norm);
	switch (listing_of(norm)) {
	case LISTING_STATE:
		return mapping_value_in(value, len, states);
	case LISTING_FLAG:
		return mapping_value_in(value, len, noes);
	case LISTING_VISIBILITY:
		return mapping_value_in(value, len, hidden);
	case LISTING_ONLINE:
		return mapping_value_in(value, len, offline);
	case LISTING_ARCHIVED:
		return mapping_value_in(value, len, yeses);
	case LISTING_VIEW:
		for (size_t i = 0; i < len; i++)
			if (!isspace((unsigned char)value[i]))
				return true;
		return false;
	default:
		return false;
	}
}

/* Does a price column's name say the price is without tax ("Price tax
 * excluded", "price_excl_vat", "Net price")? */
bool mapping_price_without_tax(const char *key)
{
	char norm[64];
	mapping_normalize(key, norm, sizeof norm);
	static const char *const marks[] = {"taxexcl", "excludingtax", "excltax", "extax",
	                                    "exclvat", "exvat", "excludingvat", "withouttax",
	                                    "netprice", "pricenet", "pretax"};
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
		if (strstr(norm, marks[k]))
			return true;
	return false;
}

/* Is s a language tag ("en", "en-GB", "de_DE", "fr-CA"): the key of one
 * language's text in a localized field ({"name": {"en-GB": "..."}})? */
static bool locale_tag(const char *s)
{
	if (!islower((unsigned char)s[0]) || !islower((unsigned char)s[1]))
		return false;
	if (!s[2])
		return strcmp(s, "id") != 0; /* an id, not Indonesian */
	return (s[2] == '-' || s[2] == '_') && isalpha((unsigned char)s[3]) &&
	       isalpha((unsigned char)s[4]) && !s[5];
}

static int resolve_key(const struct mapping *m, const char *key, int *rank);

static int resolve(const struct mapping *m, const char *key, int *rank)
{
	/* "name.en-GB": the name, in English; in another language a little
	 * less so, that English wins where both are given */
	const char *dot = mapping_path_dot(key, strlen(key));
	if (dot && locale_tag(dot + 1)) {
		char parent[KEY_MAX];
		snprintf(parent, sizeof parent, "%.*s", (int)(dot - key), key);
		int f = resolve_key(m, parent, rank);
		if (f >= 0)
			*rank += strncmp(dot + 1, "en", 2) ? 5 : 0;
		return f;
	}
	int f = resolve_key(m, key, rank);
	/* a record's own key and version ("key": "conti-gp5000", "version": 3)
	 * are the platform's, and so is a page's address ("handle":
	 * "red-rooibos-vanilla", a "slug") when it is not the id */
	if (!dot && !m->orders && f == MAPPING_FEATURE &&
	    (!strcmp(key, "key") || !strcmp(key, "version") || !strcmp(key, "hasStagedChanges") ||
	     !strcmp(key, "handle") || !strcmp(key, "slug")))
		return MAPPING_IGNORE;
	if (!dot || m->orders)
		return f;
	char last[KEY_MAX];
	mapping_normalize(dot + 1, last, sizeof last);
	/* a reference inside a nested object ("categories.id", "brand.key")
	 * names no category or brand: they are their names, not their ids
	 * (other references stay, hidden as codes) */
	static const char *const refs[] = {"id",      "typeid",        "key",
	                                   "uuid",    "guid",          "version",
	                                   "highestrating", "lowestrating"};
	bool ref = false;
	for (size_t i = 0; i < sizeof refs / sizeof refs[0] && !ref; i++)
		ref = !strcmp(last, refs[i]);
	if (ref && (f == PF_CATEGORY || f == PF_BRAND))
		return MAPPING_IGNORE;
	/* a money object's bookkeeping beside its amount ("prices.value.type":
	 * "centPrecision", "fractionDigits", "currencyCode", "country"): the
	 * importer reads the amount with them */
	char path[KEY_MAX];
	mapping_normalize(key, path, sizeof path);
	static const char *const money_parts[] = {"type", "fractiondigits", "currencycode",
	                                          "country", "channel", "customergroup"};
	for (size_t i = 0; strstr(path, "price") && i < sizeof money_parts / sizeof money_parts[0];
	     i++)
		if (!strcmp(last, money_parts[i]))
			return MAPPING_IGNORE;
	/* the other variants' prices and stock beside the product's own
	 * ("variants.prices.value.centAmount"): their options are read, their
	 * figures are not the product's */
	if (!strncmp(path, "variants", 8) &&
	    (mapping_minor_units(key) || !strcmp(last, "availablequantity") ||
	     !strcmp(last, "isonstock")))
		return MAPPING_IGNORE;
	/* an amount in the currency's minor unit ("prices.value.centAmount":
	 * 6499 is 64.99): the price, or the sale price under "discounted" */
	if (mapping_minor_units(key) && strstr(path, "price") && f == MAPPING_FEATURE) {
		*rank = RANK_NESTED + 40;
		return strstr(path, "discount") ? PF_SALE_PRICE : PF_PRICE;
	}
	return f;
}

bool mapping_minor_units(const char *key)
{
	const char *dot = mapping_path_dot(key, strlen(key));
	char last[KEY_MAX];
	mapping_normalize(dot ? dot + 1 : key, last, sizeof last);
	static const char *const minor[] = {"centamount", "amountincents", "priceincents", "cents",
	                                    "amountcents", "minorunits", "amountminor"};
	for (size_t i = 0; i < sizeof minor / sizeof minor[0]; i++)
		if (!strcmp(last, minor[i]))
			return true;
	return false;
}

static int resolve_key(const struct mapping *m, const char *key, int *rank)
{
	char norm[KEY_MAX];
	mapping_normalize(key, norm, sizeof norm);
	for (size_t i = 0; i < m->nmaps; i++)
		if (!strcmp(norm, m->maps[i].source)) {
			*rank = RANK_EXPLICIT + (int)i;
			return m->maps[i].field;
		}
	/* an item specific of an eBay listing ("C:Brand") is the brand,
	 * colour, material or kind its name says, else a fact of its own,
	 * never the listing's settings nor another field ("C:Features") */
	if (m->preset == PRESET_EBAY && !strncasecmp(key, "C:", 2)) {
		static const int specific_fields[] = {PF_BRAND, PF_COLOR, PF_MATERIAL, PF_CATEGORY};
		char own[KEY_MAX];
		mapping_normalize(key + 2, own, sizeof own);
		for (size_t k = 0; k < sizeof specific_fields / sizeof specific_fields[0]; k++) {
			int f = specific_fields[k];
			int at = m->mapped[f] ? -1 : word_index(m->fields[f].aliases, own);
			if (at >= 0) {
				*rank = RANK_ALIAS + at;
				return f;
			}
		}
		*rank = 0;
		return MAPPING_FEATURE;
	}
	/* JSON-LD's own keys ("@type": "Product", "@id") are no field, only
	 * what --map names them. */
	if (key[0] == '@' || strstr(key, ".@")) {
		*rank = 0;
		return MAPPING_FEATURE;
	}
	if (!m->orders && listing_of(norm) >= 0) {
		*rank = 0;
		return MAPPING_LISTING;
	}
	int position = 0;
	for (size_t i = 0; i < sizeof preset_columns / sizeof preset_columns[0]; i++) {
		const struct preset_column *c = &preset_columns[i];
		if (c->preset != m->preset)
			continue;
		position++;
		if (!m->mapped[c->field] && !strcmp(norm, c->source)) {
			*rank = RANK_PRESET + position;
			return c->field;
		}
	}
	for (size_t i = 0; i < sizeof preset_keeps / sizeof preset_keeps[0]; i++)
		if (preset_keeps[i].preset == m->preset && !strcmp(norm, preset_keeps[i].prefix)) {
			*rank = 0;
			return MAPPING_FEATURE;
		}
	for (size_t i = 0; i < sizeof preset_ignores / sizeof preset_ignores[0]; i++) {
		const struct preset_ignore *g = &preset_ignores[i];
		if (g->preset == m->preset && !strncmp(norm, g->prefix, strlen(g->prefix)))
			return MAPPING_IGNORE;
	}
	for (size_t f = 0; f < m->nfields; f++) {
		if (m->mapped[f])
			continue;
		int at = word_index(m->fields[f].aliases, norm);
		if (at >= 0) {
			*rank = RANK_ALIAS + at;
			return (int)f;
		}
	}
	int f = m->orders ? -1 : guess(m, key, rank);
	if (f >= 0)
		return f;
	*rank = 0;
	return MAPPING_FEATURE;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int mapping_resolve(struct mapping *m, const char *key, int *rank)
{
	uint32_t slot = hash(key) & (CACHE_SLOTS - 1);
	for (;;) {
		struct cache_entry *e = &m->cache[slot];
		if (!e->key)
			break;
		if (!strcmp(e->key, key)) {
			*rank = e->rank;
			return e->field;
		}
		slot = (slot + 1) & (CACHE_SLOTS - 1);
	}
	int field = resolve(m, key, rank);
	mapping_note_key(m, key);
	if (m->cached < CACHE_MAX) {
		m->cache[slot] = (struct cache_entry){xstrdup(key), field, *rank};
		m->cached++;
	}
	return field;
}

void mapping_note_key(struct mapping *m, const char *key)
{
	if (!m->nmaps)
		return;
	char norm[KEY_MAX];
	mapping_normalize(key, norm, sizeof norm);
	for (size_t i = 0; i < m->nmaps; i++)
		m->maps[i].seen |= !strcmp(norm, m->maps[i].source);
}

const char *mapping_unseen(const struct mapping *m)
{
	for (size_t i = 0; i < m->nmaps; i++)
		if (!m->maps[i].seen)
			return m->maps[i].given;
	return NULL;
}

size_t mapping_field_count(const struct mapping *m)
{
	return m->nfields;
}

const char *mapping_field_name(const struct mapping *m, int field)
{
	return field >= 0 && (size_t)field < m->nfields ? m->fields[field].name : "feature";
}

bool mapping_rank_is_guess(int rank)
{
	return rank > RANK_ALIAS;
}

bool mapping_platform_kind(const char *s, size_t n)
{
	static const char *const kinds[] = {"variable", "variation", "simple", "grouped",
	                                    "external", "regular", "sku", "product",
	                                    "configurable", "virtual", "bundle",
	                                    "downloadable", "rule", "modifier",
	                                    /* BigCommerce's product types */
	                                    "p", "d", "physical", "digital"};
	/* "simple, virtual" */
	bool any = false;
	for (size_t i = 0; i < n;) {
		while (i < n && (s[i] == ' ' || s[i] == ','))
			i++;
		size_t start = i;
		while (i < n && s[i] != ',')
			i++;
		size_t end = i;
		while (end > start && s[end - 1] == ' ')
			end--;
		if (end == start)
			continue;
		bool kind = false;
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && !kind; k++)
			kind = strlen(kinds[k]) == end - start && !strncasecmp(s + start, kinds[k], end - start);
		if (!kind)
			return false;
		any = true;
	}
	return any;
}
