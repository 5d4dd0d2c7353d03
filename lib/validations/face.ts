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

/** A face the browser found in an enrollment photo: its descriptor, detection score and width. */
export const faceMetaSchema = z.object({
  descriptor: descriptorSchema,
  score: z.number().min(0).max(1),
  faceWidth: z.number().positive().max(20_000),
});
export type FaceMeta = z.infer<typeof faceMetaSchema>;

/** `identify`'s gallery file: one student template per line. */
export const galleryLineSchema = z.object({ id: z.string().min(1).max(200), descriptor: descriptorSchema });
/** `identify`'s probe file: one probe's frames per line. */
export const probeLineSchema = z.object({
  probe: z.string().max(500),
  frames: z.array(descriptorSchema).min(1, { message: "A probe needs at least one frame." }).max(100),
});

/** The file names of a bulk photo upload, to find their students. */
export const photoFileNamesSchema = z.array(z.string().min(1).max(500)).min(1).max(20_000);
