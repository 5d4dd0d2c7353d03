-- AlterTable
ALTER TABLE "AttendanceRecord" ADD COLUMN "receivedAt" DATETIME;

-- AlterTable
ALTER TABLE "Kiosk" ADD COLUMN "lastContactAt" DATETIME;
ALTER TABLE "Kiosk" ADD COLUMN "outboxLength" INTEGER;

-- CreateTable
CREATE TABLE "KioskEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kioskId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KioskEvent_kioskId_fkey" FOREIGN KEY ("kioskId") REFERENCES "Kiosk" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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
    "offlineGraceMinutes" INTEGER NOT NULL DEFAULT 120,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SchoolSettings" ("chronicMinSessions", "defaultTardyMinutes", "id", "matchingRules", "name", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt") SELECT "chronicMinSessions", "defaultTardyMinutes", "id", "matchingRules", "name", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt" FROM "SchoolSettings";
DROP TABLE "SchoolSettings";
ALTER TABLE "new_SchoolSettings" RENAME TO "SchoolSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "KioskEvent_createdAt_idx" ON "KioskEvent"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "KioskEvent_kioskId_eventId_key" ON "KioskEvent"("kioskId", "eventId");
