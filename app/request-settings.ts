// The school's settings for pages: read once per request however many components ask
// (React's cache() is per server request; elsewhere it simply calls through).
import { cache } from "react";
import { schoolSettings } from "@/lib/settings";

export const requestSettings = cache(schoolSettings);
