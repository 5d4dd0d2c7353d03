// Descriptors from outside (kiosks, the photo page): 128 finite numbers. Kept apart from
// lib/photos/index.ts so the check-in path does not pull sharp in.
import { z } from "zod";
import { DESCRIPTOR_LENGTH } from "@/lib/face/types";

export const descriptorSchema = z
  .array(
    z
      .number({ message: "Descriptor values must be finite numbers." })
      .refine(Number.isFinite, { message: "Descriptor values must be finite numbers." }),
    {
      message: "The descriptor must be a list of numbers.",
    },
  )
  .length(DESCRIPTOR_LENGTH, { message: `The descriptor must have ${DESCRIPTOR_LENGTH} values.` });
