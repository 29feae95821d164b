import { createChannelSchema, updateChannelSchema } from '../channels/channelSchemas';
import { createListingSchema, listingParams, listListingsQuery, updateListingSchema } from '../channels/listingSchemas';
import { channelParams } from '../channels/router';
import { createLocationSchema, locationParams, updateLocationSchema } from '../locations/schemas';
import { MAX_IMPORT_ROWS } from '../products/csvRows';
import { createProductSchema, listProductsQuery, skuParams, updateProductSchema } from '../products/schemas';
import { BODY_ERRORS, type Operation } from './registry';

const P = '/api/v1/products';
const L = '/api/v1/locations';
const C = '/api/v1/channels';
const CATALOG_MAPS =
  "A product or listing that is added may resolve order lines held unmapped_sku: those orders get the line's hub SKU and, once no line is unknown, their hold is released (docs/catalog.md).";

/** The catalog (docs/catalog.md): products, locations, channels and their listings. Admin keys write, ops keys read. */
export const catalogOperations: Operation[] = [
  {
    operationId: 'listProducts',
    method: 'get',
    path: P,
    tag: 'catalog',
    summary: 'Products by SKU, a page at a time',
    query: listProductsQuery,
    responses: [{ status: 200, description: 'A page of products; nextCursor is null on the last page.', schema: 'ProductList' }],
    errors: [400],
  },
  {
    operationId: 'createProduct',
    method: 'post',
    path: P,
    tag: 'catalog',
    summary: 'Add a product',
    description: `409 when the SKU exists (PATCH it). ${CATALOG_MAPS}`,
    body: { schema: createProductSchema, name: 'CreateProductRequest' },
    responses: [{ status: 201, description: 'The product.', schema: 'Product' }],
    errors: [...BODY_ERRORS, 409],
  },
  {
    operationId: 'importProducts',
    method: 'post',
    path: `${P}/import`,
    tag: 'catalog',
    summary: 'Create or update products from a CSV file, all or nothing',
    description:
      `A header row, then one product a row (RFC 4180: comma-separated, "quoted" fields, "" for a quote). Columns: sku and name (required), category, barcode, weight_grams, requires_shipping (true/false, yes/no, 1/0), in any order; ` +
      `a column left out keeps that field of existing products, an empty cell is null (requires_shipping: true). At most ${MAX_IMPORT_ROWS} rows. ` +
      'Any problem is a 400 listing every one as problems [{line, field, message}] (line 1 is the header; also in fields, as body), and nothing is imported. ' +
      CATALOG_MAPS,
    body: { json: { type: 'string', description: 'The CSV file, UTF-8.' }, contentType: 'text/csv' },
    responses: [{ status: 200, description: 'How many products were created and updated.', schema: 'ProductImport' }],
    errors: [...BODY_ERRORS],
  },
  {
    operationId: 'getProduct',
    method: 'get',
    path: `${P}/:sku`,
    tag: 'catalog',
    summary: 'One product',
    params: skuParams,
    responses: [{ status: 200, description: 'The product.', schema: 'Product' }],
    errors: [400, 404],
  },
  {
    operationId: 'updateProduct',
    method: 'patch',
    path: `${P}/:sku`,
    tag: 'catalog',
    summary: "Change a product's fields (the SKU stays)",
    description: 'requiresShipping applies to order lines that arrive from now on.',
    params: skuParams,
    body: { schema: updateProductSchema, name: 'UpdateProductRequest' },
    responses: [{ status: 200, description: 'The product.', schema: 'Product' }],
    errors: [...BODY_ERRORS, 404],
  },
  {
    operationId: 'listLocations',
    method: 'get',
    path: L,
    tag: 'catalog',
    summary: 'Warehouses and stores, in allocation order',
    responses: [{ status: 200, description: 'Every location.', schema: 'LocationList' }],
    errors: [],
  },
  {
    operationId: 'createLocation',
    method: 'post',
    path: L,
    tag: 'catalog',
    summary: 'Add a warehouse or store',
    description: '409 when the id exists (PATCH it).',
    body: { schema: createLocationSchema, name: 'CreateLocationRequest' },
    responses: [{ status: 201, description: 'The location.', schema: 'Location' }],
    errors: [...BODY_ERRORS, 409],
  },
  {
    operationId: 'updateLocation',
    method: 'patch',
    path: `${L}/:locationId`,
    tag: 'catalog',
    summary: "Change a location's fields (the id stays)",
    params: locationParams,
    body: { schema: updateLocationSchema, name: 'UpdateLocationRequest' },
    responses: [{ status: 200, description: 'The location.', schema: 'Location' }],
    errors: [...BODY_ERRORS, 404],
  },
  {
    operationId: 'listChannels',
    method: 'get',
    path: C,
    tag: 'channels',
    summary: 'Every channel with its platform, policies, buffer and settings',
    responses: [{ status: 200, description: 'Channels by id. Secrets are never in them.', schema: 'ChannelList' }],
    errors: [],
  },
  {
    operationId: 'createChannel',
    method: 'post',
    path: C,
    tag: 'channels',
    summary: 'Add a channel',
    description:
      'settings are checked for the platform: a problem is a 400 naming body.settings.<field> (e.g. a shopDomain that is not *.myshopify.com); a location in settings.locationIds or buffer.locationIds must exist (400 naming it). 409 when the id exists.',
    body: { schema: createChannelSchema, name: 'CreateChannelRequest' },
    responses: [{ status: 201, description: 'The channel.', schema: 'Channel' }],
    errors: [...BODY_ERRORS, 409],
  },
  {
    operationId: 'getChannel',
    method: 'get',
    path: `${C}/:channel`,
    tag: 'channels',
    summary: 'One channel',
    params: channelParams,
    responses: [{ status: 200, description: 'The channel.', schema: 'Channel' }],
    errors: [400, 404],
  },
  {
    operationId: 'updateChannel',
    method: 'patch',
    path: `${C}/:channel`,
    tag: 'channels',
    summary: "Change a channel's fields (the id stays)",
    description:
      'settings replace the stored ones and are checked for the platform the channel has after the change (a platform change checks the stored settings against the new platform): a 400 names body.settings.<field>. A buffer change re-pushes every SKU to the channel.',
    params: channelParams,
    body: { schema: updateChannelSchema, name: 'UpdateChannelRequest' },
    responses: [{ status: 200, description: 'The channel.', schema: 'Channel' }],
    errors: [...BODY_ERRORS, 404],
  },
  {
    operationId: 'listListings',
    method: 'get',
    path: `${C}/:channel/listings`,
    tag: 'channels',
    summary: "A channel's listings: its own ids for hub SKUs",
    params: channelParams,
    query: listListingsQuery,
    responses: [{ status: 200, description: 'A page of listings; nextCursor is null on the last page.', schema: 'ListingList' }],
    errors: [400, 404],
  },
  {
    operationId: 'createListing',
    method: 'post',
    path: `${C}/:channel/listings`,
    tag: 'channels',
    summary: 'Map channel ids to a hub SKU',
    description:
      `A listing names at least one of channelSku, variantId, inventoryItemId, asin, legacyItemId, offerId (400 naming body), a legacyVariationId only with its legacyItemId, and an existing SKU (400 naming body.sku). ` +
      `409 naming the field when another listing of the channel has the same id. ${CATALOG_MAPS}`,
    params: channelParams,
    body: { schema: createListingSchema, name: 'CreateListingRequest' },
    responses: [{ status: 201, description: 'The listing.', schema: 'Listing' }],
    errors: [...BODY_ERRORS, 404, 409],
  },
  {
    operationId: 'updateListing',
    method: 'patch',
    path: `${C}/:channel/listings/:listingId`,
    tag: 'channels',
    summary: 'Change a listing (null clears an id)',
    description: `The listing as changed must follow the rules of createListing (400 / 409 alike). ${CATALOG_MAPS}`,
    params: listingParams,
    body: { schema: updateListingSchema, name: 'UpdateListingRequest' },
    responses: [{ status: 200, description: 'The listing.', schema: 'Listing' }],
    errors: [...BODY_ERRORS, 404, 409],
  },
  {
    operationId: 'deleteListing',
    method: 'delete',
    path: `${C}/:channel/listings/:listingId`,
    tag: 'channels',
    summary: 'Remove a listing',
    description: 'Order lines mapped through it keep their SKU; later lines no longer resolve through it.',
    params: listingParams,
    responses: [{ status: 204, description: 'Removed.' }],
    errors: [400, 404],
  },
];
