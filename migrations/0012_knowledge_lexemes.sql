CREATE TABLE "knowledge_lexemes" (
	"lexeme" text PRIMARY KEY NOT NULL,
	"chunks" integer NOT NULL
);
