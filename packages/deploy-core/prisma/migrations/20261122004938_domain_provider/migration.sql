-- AlterTable
ALTER TABLE "Domain" ADD COLUMN "provider" TEXT;
