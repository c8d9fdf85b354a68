// The knowledge base's public surface. The AI responder retrieves through searchKnowledge; the
// console goes through knowledgeRoutes. Tables (knowledge_*) are this feature's own.

export { knowledgeEmbedJob, requestEmbedding } from "./embed-job";
export { type Embedder, type EmbedderSource, unitLength } from "./embedder";
export { hybridSearch } from "./hybrid-search";
export { knowledgeImportJob } from "./jobs";
export { getArticle, getQa } from "./queries";
export { knowledgeRoutes } from "./routes";
export { type SearchOptions, searchKnowledge } from "./search";
