-- AlterTable
ALTER TABLE "User" ADD COLUMN "sourcedId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "User_sourcedId_key" ON "User"("sourcedId");
