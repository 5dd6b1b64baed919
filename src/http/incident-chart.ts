/**
 * The incident chart as the API sends it. Types only, importing nothing but the data model: the
 * triage page's browser code (tsconfig.client.json) reads them too.
 */
import type { TimelineEventKind } from '../types.js';

/** One minute of a brand's activity, as the chart draws it. */
export interface ChartPoint {
  /** Start of the minute, ms. */
  t: number;
  posts: number;
  neg: number;
  crisis: number;
}

/** The figure the rule watches, over its window, next to the line it crossed. */
export interface WatchedMetric {
  metric: string;
  label: string;
  windowMs: number;
  /** The metric summed over the trailing window ending at each point's minute. */
  values: number[];
  threshold?: number;
  critical?: number;
  baseline?: number;
}

export interface ChartMarker {
  t: number;
  kind: TimelineEventKind;
  label: string;
}

export interface IncidentChart {
  from: number;
  to: number;
  stepMs: number;
  points: ChartPoint[];
  watched?: WatchedMetric;
  markers: ChartMarker[];
}
