import { z } from "zod";

export const ROLES = ["ADMIN", "TEACHER"] as const;

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }));

export const newPassword = z
  .string()
  .min(10, { message: "Use at least 10 characters for the password." })
  .max(200, { message: "Use at most 200 characters for the password." });

export const signInSchema = z.object({
  email,
  password: z.string().min(1, { message: "Enter your password." }).max(200),
});

export const createUserSchema = z.object({
  email,
  name: z.string().trim().min(1, { message: "Enter a name." }).max(120),
  role: z.enum(ROLES, { message: "Role must be ADMIN or TEACHER." }),
  password: newPassword,
});

export type CreateUserInput = z.infer<typeof createUserSchema>;
