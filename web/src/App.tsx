import { QueryClientProvider } from "@tanstack/react-query";
import { Toaster } from "sonner";
import { TooltipProvider } from "@/components/ui/tooltip";
import { setUnauthenticatedHandler } from "@/lib/api";
import { queryClient } from "@/lib/query-client";
import { qk } from "@/lib/query-keys";
import { ThemeProvider, useTheme } from "@/lib/theme";
import { AppRoutes } from "./routes";

setUnauthenticatedHandler(() => {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "setup" && q.queryKey[0] !== "me" });
  queryClient.setQueryData(qk.me, null);
});

function ThemedToaster() {
  const { resolved } = useTheme();
  return <Toaster theme={resolved} position="bottom-right" closeButton toastOptions={{ className: "text-[13px]" }} />;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        <TooltipProvider delayDuration={350} skipDelayDuration={150}>
          <AppRoutes />
          <ThemedToaster />
        </TooltipProvider>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
