/**
 * The forms of the AWS identifiers the organization constructs take, as the services write them
 * (AWS Organizations' API reference for OU, root and organization IDs; EventBridge for bus names).
 */

const REGION_PART = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d';
const BUS_NAME_PART = '[A-Za-z0-9._-]{1,256}';

/** A region name: eu-west-1, us-gov-west-1. */
export const REGION = new RegExp(`^${REGION_PART}$`);
/** An organizational unit (`ou-...`) or the organization's root (`r-...`). */
export const OU_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
/** An organization (`o-...`). */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** An event bus name. */
export const BUS_NAME = new RegExp(`^${BUS_NAME_PART}$`);
/** An event bus ARN of any partition. */
export const BUS_ARN = new RegExp(`^arn:aws[a-z-]*:events:${REGION_PART}:\\d{12}:event-bus/${BUS_NAME_PART}$`);
