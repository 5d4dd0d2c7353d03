-- AlterTable
ALTER TABLE "Class" ADD COLUMN "periods" TEXT;

-- CreateTable
CREATE TABLE "SchoolClosure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SchoolClosure_endDate_idx" ON "SchoolClosure"("endDate");

-- CreateIndex
CREATE UNIQUE INDEX "SchoolClosure_startDate_endDate_key" ON "SchoolClosure"("startDate", "endDate");
