// Hand-made endpoints, their security group open on the wrong port.
import { applicationResources, fargateService } from "../shared/application";
import { handmadeInterfaceEndpoints, handmadeS3Gateway } from "../shared/handmade-endpoints";
import { network } from "../shared/network";
import { FargateExecutionRole } from "../../components";

const net = network("shop");
const app = applicationResources("shop");
handmadeInterfaceEndpoints("shop", net, ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm"], {
  ingressFromTasks: false,
});
handmadeS3Gateway("shop", net);
const role = new FargateExecutionRole("shop-execution", { containerDefinitions: [app.containerDefinitions] });
fargateService("shop", net, app, role.roleArn);
