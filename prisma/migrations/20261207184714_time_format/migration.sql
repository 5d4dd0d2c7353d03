-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SchoolSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "name" TEXT NOT NULL DEFAULT 'Our school',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "defaultTardyMinutes" INTEGER NOT NULL DEFAULT 10,
    "timeFormat" TEXT NOT NULL DEFAULT '24h',
    "retentionDays" INTEGER NOT NULL DEFAULT 30,
    "matchingRules" JSONB,
    "previousMatchingRules" JSONB,
    "targetFar" REAL NOT NULL DEFAULT 0.001,
    "reenrollMonths" INTEGER NOT NULL DEFAULT 12,
    "chronicMinSessions" INTEGER NOT NULL DEFAULT 10,
    "offlineGraceMinutes" INTEGER NOT NULL DEFAULT 120,
    "liveness" TEXT NOT NULL DEFAULT 'OFF',
    "noticesEnabled" BOOLEAN NOT NULL DEFAULT true,
    "noticeSendTime" TEXT,
    "noticeDelayMinutes" INTEGER NOT NULL DEFAULT 15,
    "noticeExcused" BOOLEAN NOT NULL DEFAULT false,
    "noticeTardy" BOOLEAN NOT NULL DEFAULT false,
    "noticeCorrections" BOOLEAN NOT NULL DEFAULT false,
    "noticeSubject" TEXT,
    "noticeBody" TEXT,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SchoolSettings" ("chronicMinSessions", "defaultTardyMinutes", "id", "liveness", "matchingRules", "name", "noticeBody", "noticeCorrections", "noticeDelayMinutes", "noticeExcused", "noticeSendTime", "noticeSubject", "noticeTardy", "noticesEnabled", "offlineGraceMinutes", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt") SELECT "chronicMinSessions", "defaultTardyMinutes", "id", "liveness", "matchingRules", "name", "noticeBody", "noticeCorrections", "noticeDelayMinutes", "noticeExcused", "noticeSendTime", "noticeSubject", "noticeTardy", "noticesEnabled", "offlineGraceMinutes", "previousMatchingRules", "reenrollMonths", "retentionDays", "targetFar", "timeZone", "updatedAt" FROM "SchoolSettings";
DROP TABLE "SchoolSettings";
ALTER TABLE "new_SchoolSettings" RENAME TO "SchoolSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
