/** What GeoReport v2 clients see: field names as the spec spells them (snake_case), in JSON and XML alike. */

export const GEOREPORT_V2_SPEC = 'http://wiki.open311.org/GeoReport_v2';

export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: {
    specification: string;
    url: string;
    changeset: string;
    type: 'production' | 'test';
    formats: string[];
  }[];
}

export interface Open311ServiceView {
  service_code: string;
  service_name: string;
  description: string;
  /** True when the service has a definition with attributes to fill in (GET services/{code}). */
  metadata: boolean;
  /** realtime: the POST answers with the service_request_id at once (the only kind this server has). */
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export interface Open311AttributeView {
  /** false: information shown to the citizen, not a question. */
  variable: boolean;
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311AttributeView[];
}

export interface Open311CreatedRequest {
  service_request_id: string;
  service_notice: string;
  account_id: string | null;
}

export interface Open311RequestView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string | null;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string | null;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface Open311ErrorView {
  code: number;
  description: string;
}
