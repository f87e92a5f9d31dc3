/**
 * Client components. The universal helpers (cn, buttonVariants, badgeVariants, inputClasses,
 * initialsOf) are exported from '@shipyard/ui/utils', which server components can call.
 */
export { Alert, type TAlertProps } from './components/alert';
export { Avatar, type TAvatarProps } from './components/avatar';
export { Badge, type TBadgeProps } from './components/badge';
export { Button, type TButtonProps } from './components/button';
export {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from './components/card';
export {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  type TDialogContentProps,
} from './components/dialog';
export {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
  type TDropdownMenuItemProps,
} from './components/dropdown-menu';
export { EmptyState, type TEmptyStateProps } from './components/empty-state';
export { FormField, type TFormFieldProps } from './components/form-field';
export {
  Input,
  Select,
  Textarea,
  type TInputProps,
  type TSelectProps,
  type TTextareaProps,
} from './components/input';
export { Label, type TLabelProps } from './components/label';
export { Progress, type TProgressProps } from './components/progress';
export { Separator, Skeleton } from './components/skeleton';
export { Spinner, type TSpinnerProps } from './components/spinner';
export {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from './components/table';
export { Tabs, TabsContent, TabsList, TabsTrigger } from './components/tabs';
export {
  Toaster,
  useToast,
  type TToastApi,
  type TToastOptions,
  type TToastVariant,
} from './components/toast';
export {
  Tooltip,
  TooltipContent,
  TooltipProvider,
  TooltipTrigger,
  WithTooltip,
} from './components/tooltip';
