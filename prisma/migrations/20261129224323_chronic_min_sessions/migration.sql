-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SchoolSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "name" TEXT NOT NULL DEFAULT 'Our school',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "defaultTardyMinutes" INTEGER NOT NULL DEFAULT 10,
    "retentionDays" INTEGER NOT NULL DEFAULT 30,
    "matchingRules" JSONB,
    "previousMatchingRules" JSONB,
    "targetFar" REAL NOT NULL DEFAULT 0.001,
    "reenrollMonths" INTEGER NOT NULL DEFAULT 12,
    "chronicMinSessions" INTEGER NOT NULL DEFAULT 10,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SchoolSettings" ("defaultTardyMinutes", "id", "matchingRules", "name", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt") SELECT "defaultTardyMinutes", "id", "matchingRules", "name", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt" FROM "SchoolSettings";
DROP TABLE "SchoolSettings";
ALTER TABLE "new_SchoolSettings" RENAME TO "SchoolSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
